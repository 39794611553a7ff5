package dev.weft.node.feature;

import dev.weft.protocol.ProtocolException;

/**
 * Handles one extra message type on the native socket ({@code /ws}), for features such as the lobby. Called
 * on the socket's event loop; must not block. Throw {@link ProtocolException} to answer with an error.
 *
 * <p>The envelope reader still applies its rules to the top-level fields it knows: {@code ref}, {@code id},
 * {@code token} and {@code to} must be strings if present, {@code from} is refused, no field may repeat.
 */
@FunctionalInterface
public interface SignalingExtension {
    /**
     * @param session the socket (its registered id, if any, and a way to send frames back)
     * @param frame   the whole JSON message, {@code frame[offset, offset + length)}; valid only during this call
     *                (it may be a per-thread scratch array): copy what you keep
     * @param ref     the message's {@code ref}, or null
     */
    void handle(SignalingSession session, byte[] frame, int offset, int length, String ref) throws ProtocolException;
}
