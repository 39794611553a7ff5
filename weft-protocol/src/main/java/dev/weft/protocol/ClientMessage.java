package dev.weft.protocol;

/**
 * A message a client sends on the native signaling socket ({@code /ws}). See docs/protocol.md.
 * Produced by {@link ClientMessageReader}; every instance has passed validation.
 */
public sealed interface ClientMessage
        permits ClientMessage.Register, ClientMessage.Relay, ClientMessage.Ping, ClientMessage.Leave,
        ClientMessage.Extension {

    /** The client's correlation string, echoed in errors about this message; may be null. */
    String ref();

    /**
     * {@code {"type":"register","id"?,"token"?,"ref"?}}: claim {@code id} (or get a generated one) and prove
     * ownership with {@code token} (or get a generated one).
     */
    record Register(String id, String token, String ref) implements ClientMessage {
    }

    /**
     * {@code {"type":"offer|answer|candidate|signal","to":"bob","payload":...,"ref"?}}. The payload is not
     * parsed: it is the byte range {@code [payloadOffset, payloadOffset + payloadLength)} of the frame the
     * message was read from, or absent when {@code payloadLength == 0}.
     */
    record Relay(RelayType type, String to, int payloadOffset, int payloadLength, String ref)
            implements ClientMessage {
        public boolean hasPayload() {
            return payloadLength > 0;
        }
    }

    /** {@code {"type":"ping","ref"?}}: answered with {@code pong}. */
    record Ping(String ref) implements ClientMessage {
    }

    /** {@code {"type":"leave"}}: release the id now and close. */
    record Leave(String ref) implements ClientMessage {
    }

    /**
     * A message of a type a node feature added to the socket (e.g. the lobby's). The reader checked only
     * that it is a well-formed JSON object with that type; the feature reads the rest from the frame.
     */
    record Extension(String type, String ref) implements ClientMessage {
    }
}
