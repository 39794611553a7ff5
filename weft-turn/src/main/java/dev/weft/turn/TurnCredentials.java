package dev.weft.turn;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-limited TURN credentials in the "TURN REST API" form that coturn's {@code --use-auth-secret} and
 * browsers' {@code RTCIceServer} use (draft-uberti-behave-turn-rest-00): the username is
 * {@code <unix-expiry-seconds>:<user>} and the password is {@code base64(HMAC-SHA1(secret, username))}.
 *
 * <p>The server needs only the shared secret: it recomputes the password and refuses usernames whose
 * expiry is in the past (401).
 *
 * @param username the REST username, {@code expiry:user}
 * @param password base64 HMAC-SHA1 of the username under the shared secret
 * @param expires  when the server stops accepting it for new requests
 */
public record TurnCredentials(String username, String password, Instant expires) {
    /** Separator between expiry and user, as coturn's default {@code --rest-api-separator}. */
    public static final char SEPARATOR = ':';

    /**
     * Issues credentials for {@code user} valid for {@code ttl} from the clock's now.
     *
     * @param secret the REST shared secret configured in {@link TurnConfig.Builder#restSecret(String)}
     * @param user   any name without the separator; it is shown in {@link AllocationInfo#username()}
     */
    public static TurnCredentials issue(String secret, String user, Duration ttl, Clock clock) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a REST shared secret is required");
        }
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive: " + ttl);
        }
        long expiry = clock.instant().plus(ttl).getEpochSecond();
        String username = user == null || user.isEmpty() ? Long.toString(expiry) : expiry + ":" + user;
        return new TurnCredentials(username, password(secret, username), Instant.ofEpochSecond(expiry));
    }

    /** The REST password for {@code username}: base64(HMAC-SHA1(secret, username)). */
    public static String password(String secret, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is missing from this JDK", e);
        }
    }

    /**
     * The expiry encoded in a REST username ({@code expiry} or {@code expiry:user}), or -1 if the username does
     * not start with a number.
     */
    public static long expiryOf(String username) {
        int sep = username.indexOf(SEPARATOR);
        String head = sep < 0 ? username : username.substring(0, sep);
        if (head.isEmpty() || head.length() > 18) {
            return -1;
        }
        for (int i = 0; i < head.length(); i++) {
            if (head.charAt(i) < '0' || head.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(head);
    }

    @Override
    public String toString() {
        return "TurnCredentials[" + username + ", expires " + expires + "]";
    }
}
