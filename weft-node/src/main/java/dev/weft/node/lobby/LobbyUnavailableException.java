package dev.weft.node.lobby;

/**
 * A shared {@link LobbyStore} cannot reach its backing service (e.g. Redis in cluster mode). The socket face
 * answers {@code CLUSTER_UNAVAILABLE}, the HTTP face 503 with the same code.
 */
public final class LobbyUnavailableException extends RuntimeException {
    public LobbyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
