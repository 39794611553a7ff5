package dev.weft.stun;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Keys for the long-term credential mechanism (RFC 8489 Section 9.2.2): MD5(username ":" realm ":" password),
 * or SHA-256 of the same string when PASSWORD-ALGORITHM selects SHA-256; and the USERHASH value
 * SHA-256(username ":" realm) (RFC 8489 Section 14.4).
 *
 * <p>Strings are used as given, in UTF-8; OpaqueString preparation (RFC 8265) is the caller's business.
 */
public final class LongTermKey {
    private LongTermKey() {
    }

    /** MD5(username ":" realm ":" password), 16 bytes: the key for MESSAGE-INTEGRITY. */
    public static byte[] md5(String username, String realm, String password) {
        return digest("MD5", username + ":" + realm + ":" + password);
    }

    /** SHA-256(username ":" realm ":" password), 32 bytes: the key when PASSWORD-ALGORITHM is SHA-256. */
    public static byte[] sha256(String username, String realm, String password) {
        return digest("SHA-256", username + ":" + realm + ":" + password);
    }

    /** SHA-256(username ":" realm): the USERHASH value. */
    public static byte[] userHash(String username, String realm) {
        return digest("SHA-256", username + ":" + realm);
    }

    private static byte[] digest(String algorithm, String input) {
        try {
            return MessageDigest.getInstance(algorithm).digest(input.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }
}
