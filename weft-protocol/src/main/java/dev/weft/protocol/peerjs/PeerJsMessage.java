package dev.weft.protocol.peerjs;

/**
 * One message a PeerJS client sent: its type (null when the client sent a type PeerServer does not know),
 * the destination id, and where the {@code payload} value sits in the frame (forwarded as bytes, never
 * re-serialized). A {@code src} the client sent is ignored: the server sets it.
 *
 * @param type          the message type, or null for a type PeerServer ignores
 * @param typeText      the type as sent (for logs), or null
 * @param dst           destination id, or null
 * @param payloadOffset absolute index of the payload value in the frame
 * @param payloadLength its length in bytes; 0 when there is no payload
 */
public record PeerJsMessage(PeerJsType type, String typeText, String dst, int payloadOffset, int payloadLength) {
}
