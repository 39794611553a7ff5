package dev.weft.turn.internal;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stateless nonces (RFC 8489 Section 9.2): {@code hex(expiry-ms) + MAC(server secret, expiry, client IP)}.
 * The server remembers nothing; a nonce is valid for its client address until its expiry, then stale (438).
 */
public final class NonceService {
    /** What a presented nonce is worth. */
    public enum Status { VALID, STALE, INVALID }

    private static final int MAC_CHARS = 22;
    private final byte[] secret = new byte[32];
    private final Clock clock;
    private final long lifetimeMillis;

    public NonceService(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetimeMillis = lifetime.toMillis();
        new SecureRandom().nextBytes(secret);
    }

    public String issue(InetAddress client) {
        long expiry = clock.millis() + lifetimeMillis;
        return String.format("%016x", expiry) + mac(expiry, client);
    }

    public Status check(String nonce, InetAddress client) {
        if (nonce.length() != 16 + MAC_CHARS) {
            return Status.INVALID;
        }
        long expiry;
        try {
            expiry = Long.parseUnsignedLong(nonce.substring(0, 16), 16);
        } catch (NumberFormatException e) {
            return Status.INVALID;
        }
        byte[] expected = mac(expiry, client).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, nonce.substring(16).getBytes(StandardCharsets.US_ASCII))) {
            return Status.INVALID;
        }
        return clock.millis() < expiry ? Status.VALID : Status.STALE;
    }

    private String mac(long expiry, InetAddress client) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(ByteBuffer.allocate(8).putLong(0, expiry));
            mac.update(client.getAddress());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal()).substring(0, MAC_CHARS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "NonceService[" + HexFormat.of().formatHex(secret, 0, 2) + "..]";
    }
}
