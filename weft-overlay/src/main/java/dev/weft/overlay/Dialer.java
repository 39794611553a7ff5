package dev.weft.overlay;

/**
 * Opens links to nodes by URL. When the connection is up the transport calls {@link Overlay#linkOpened}
 * with {@code outbound() == true}; when it cannot be made, {@link Overlay#dialFailed}.
 */
@FunctionalInterface
public interface Dialer {
    void dial(String url);
}
