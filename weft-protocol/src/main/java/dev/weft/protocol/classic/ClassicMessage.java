package dev.weft.protocol.classic;

/**
 * One message of seed 003's "classic" protocol ({@code /classic}), as read by {@link ClassicReader}.
 *
 * @param kind       what the message asks for
 * @param typeText   the {@code type} as the seed's server would print it ({@code undefined} when absent)
 * @param name       the {@code name} field when it is a string, else null
 * @param valueOffset start of the raw JSON of {@code offer}, {@code answer} or {@code candidate} (by kind)
 * @param valueLength its length, 0 when the field is absent
 */
public record ClassicMessage(Kind kind, String typeText, String name, int valueOffset, int valueLength) {

    /** What a classic message asks the server to do. */
    public enum Kind {
        LOGIN, OFFER, ANSWER, CANDIDATE, LEAVE, UNKNOWN, INVALID_JSON
    }

    public boolean hasValue() {
        return valueLength > 0;
    }

    static Kind kindOf(String type) {
        if (type == null) {
            return Kind.UNKNOWN;
        }
        switch (type) {
            case "login":
                return Kind.LOGIN;
            case "offer":
                return Kind.OFFER;
            case "answer":
                return Kind.ANSWER;
            case "candidate":
                return Kind.CANDIDATE;
            case "leave":
                return Kind.LEAVE;
            default:
                return Kind.UNKNOWN;
        }
    }
}
