package dev.weft.protocol.classic;

/** The rule for classic login names: 1-64 characters, no control characters (any script is fine). */
public final class ClassicNames {
    public static final int MAX_LENGTH = 64;

    private ClassicNames() {
    }

    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.codePointCount(0, name.length()) > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return false;
            }
        }
        return !name.isBlank();
    }
}
