package dev.weft.stun;

/**
 * The 14-bit STUN message type: a method and a class interleaved as M11..M7 C1 M6..M4 C0 M3..M0
 * (RFC 8489 Section 5, Figure 3).
 */
public record MessageType(StunMethod method, MessageClass messageClass) {
    public static final MessageType BINDING_REQUEST = new MessageType(StunMethod.BINDING, MessageClass.REQUEST);
    public static final MessageType BINDING_SUCCESS = new MessageType(StunMethod.BINDING, MessageClass.SUCCESS_RESPONSE);
    public static final MessageType ALLOCATE_REQUEST = new MessageType(StunMethod.ALLOCATE, MessageClass.REQUEST);
    public static final MessageType SEND_INDICATION = new MessageType(StunMethod.SEND, MessageClass.INDICATION);
    public static final MessageType DATA_INDICATION = new MessageType(StunMethod.DATA, MessageClass.INDICATION);

    public MessageType {
        if (method == null || messageClass == null) {
            throw new IllegalArgumentException("method and class are required");
        }
    }

    public static MessageType of(StunMethod method, MessageClass messageClass) {
        return new MessageType(method, messageClass);
    }

    /** The 16-bit value of the header's first two bytes (the two leading bits are zero). */
    public int encode() {
        return encode(method.code(), messageClass.bits());
    }

    /** Encodes without objects, for the hot path. */
    public static int encode(int method, int classBits) {
        return (method & 0x000F)
                | ((method & 0x0070) << 1)
                | ((method & 0x0F80) << 2)
                | ((classBits & 0b01) << 4)
                | ((classBits & 0b10) << 7);
    }

    /** The method bits of an encoded type. */
    public static int methodOf(int type) {
        return (type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80);
    }

    /** The class bits (C1 C0) of an encoded type. */
    public static int classOf(int type) {
        return ((type >> 4) & 0b01) | ((type >> 7) & 0b10);
    }

    public static MessageType decode(int type) {
        return new MessageType(StunMethod.valueOf(methodOf(type)), MessageClass.fromBits(classOf(type)));
    }

    /** The success (or error) response type for this request type. */
    public MessageType response(boolean success) {
        return new MessageType(method, success ? MessageClass.SUCCESS_RESPONSE : MessageClass.ERROR_RESPONSE);
    }

    @Override
    public String toString() {
        return method + " " + messageClass.name().toLowerCase().replace('_', ' ');
    }
}
