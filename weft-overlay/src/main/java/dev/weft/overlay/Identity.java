package dev.weft.overlay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A peer's Ed25519 key pair (RFC 8032) and the id derived from it (docs/overlay.md, "Identity"): the id is
 * RFC 4648 base32, lowercase, unpadded, of the 32-byte raw public key, so the key travels inside the id.
 * Uses the JDK's EdDSA provider. Signatures are base64url without padding.
 */
public final class Identity {
    /** X.509 SubjectPublicKeyInfo prefix of a raw Ed25519 public key (RFC 8410). */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    /** PKCS#8 prefix of a raw Ed25519 seed (RFC 8410 section 7). */
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    /** Length of a peer id: 32 bytes in base32. */
    public static final int ID_LENGTH = 52;
    private static final Map<String, PublicKey> KEYS = new ConcurrentHashMap<>();
    /** Signatures that verified (id, sig, SHA-256 of the text): a pure function, so one process checks each once. */
    private static final Map<String, Boolean> VERIFIED = new ConcurrentHashMap<>();

    private final PrivateKey privateKey;
    private final byte[] publicKey;
    private final byte[] seed;
    private final String id;

    /**
     * Simulator mode (tests only, see {@link #simulate}): a stand-in for the curve arithmetic. The public key
     * is SHA-256("weft-sim/" + seed) and a signature SHA-512(publicKey || text): same sizes and code paths,
     * about 100x cheaper than the JDK's Ed25519, and no security at all.
     */
    private static volatile boolean simulated;

    /** Switches the simulator's stand-in signatures on or off (the 1,000/10,000-peer simulator only). */
    public static void simulate(boolean on) {
        simulated = on;
    }

    private Identity(byte[] seed) {
        if (simulated) {
            this.privateKey = null;
            this.publicKey = sha256(("weft-sim/" + HexFormat.of().formatHex(seed)).getBytes(StandardCharsets.UTF_8));
            this.seed = seed.clone();
            this.id = Base32.encode(publicKey);
            return;
        }
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, new FixedRandom(seed));
            KeyPair kp = g.generateKeyPair();
            this.privateKey = kp.getPrivate();
            byte[] spki = kp.getPublic().getEncoded();
            this.publicKey = Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length);
            this.seed = seed.clone();
            this.id = Base32.encode(publicKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    /** A fresh random identity. */
    public static Identity generate() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return new Identity(seed);
    }

    /** The identity of a 32-byte RFC 8032 private key seed (deterministic: tests and key files). */
    public static Identity fromSeed(byte[] seed) {
        if (seed.length != 32) {
            throw new IllegalArgumentException("an Ed25519 seed has 32 bytes");
        }
        return new Identity(seed);
    }

    /** A deterministic identity for a name (tests and the simulator): seed = SHA-256("weft-test/" + name). */
    public static Identity forName(String name) {
        return fromSeed(sha256(("weft-test/" + name).getBytes(StandardCharsets.UTF_8)));
    }

    /** Reads an unencrypted PKCS#8 Ed25519 private key (DER). */
    public static Identity fromPkcs8(byte[] der) {
        if (der.length != PKCS8_PREFIX.length + 32
                || !Arrays.equals(Arrays.copyOf(der, PKCS8_PREFIX.length), PKCS8_PREFIX)) {
            throw new IllegalArgumentException("not an unencrypted PKCS#8 Ed25519 private key");
        }
        return new Identity(Arrays.copyOfRange(der, PKCS8_PREFIX.length, der.length));
    }

    /** Reads a PEM "PRIVATE KEY" block holding PKCS#8 Ed25519. */
    public static Identity fromPem(String pem) {
        String t = pem.trim();
        String begin = "-----BEGIN PRIVATE KEY-----";
        String end = "-----END PRIVATE KEY-----";
        if (!t.startsWith(begin) || !t.endsWith(end)) {
            throw new IllegalArgumentException("expected a PEM block -----BEGIN PRIVATE KEY-----");
        }
        String b64 = t.substring(begin.length(), t.length() - end.length()).replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM body is not base64");
        }
        return fromPkcs8(der);
    }

    /** PKCS#8 PEM of this key (for a node's key file). */
    public String toPem() {
        byte[] der = new byte[PKCS8_PREFIX.length + 32];
        System.arraycopy(PKCS8_PREFIX, 0, der, 0, PKCS8_PREFIX.length);
        System.arraycopy(seed, 0, der, PKCS8_PREFIX.length, 32);
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END PRIVATE KEY-----\n";
    }

    public String id() {
        return id;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The peer's DHT key: SHA-256 of its raw public key. */
    public byte[] dhtKey() {
        return sha256(publicKey);
    }

    /** Ed25519 signature of {@code text} (UTF-8), base64url without padding. */
    public String sign(String text) {
        if (privateKey == null) {
            return simulatedSig(publicKey, text);
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code id} is a peer id: base32 of 32 bytes (52 characters of [a-z2-7], canonical). */
    public static boolean isValidId(String id) {
        return id != null && id.length() == ID_LENGTH && Base32.decode(id) != null;
    }

    /** The raw public key in a peer id, or null if the id is not one. */
    public static byte[] publicKeyOf(String id) {
        return isValidId(id) ? Base32.decode(id) : null;
    }

    /** Whether {@code sig} (base64url) is {@code id}'s signature of {@code text}. Never throws. */
    public static boolean verify(String id, String text, String sig) {
        if (sig == null || sig.length() != 86 || !isValidId(id)) {
            return false;
        }
        if (simulated) {
            return simulatedSig(Base32.decode(id), text).equals(sig);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String memo = id + sig + Base64.getEncoder().encodeToString(sha256(bytes));
        if (VERIFIED.containsKey(memo)) {
            return true;
        }
        try {
            byte[] raw = Base64.getUrlDecoder().decode(sig);
            PublicKey key = KEYS.get(id);
            if (key == null) {
                byte[] spki = new byte[SPKI_PREFIX.length + 32];
                System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
                System.arraycopy(Base32.decode(id), 0, spki, SPKI_PREFIX.length, 32);
                key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
                if (KEYS.size() > 50_000) {
                    KEYS.clear();
                }
                KEYS.put(id, key);
            }
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(bytes);
            boolean ok = s.verify(raw);
            if (ok) {
                if (VERIFIED.size() > 200_000) {
                    VERIFIED.clear();
                }
                VERIFIED.put(memo, Boolean.TRUE);
            }
            return ok;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String simulatedSig(byte[] publicKey, String text) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-512");
            d.update(publicKey);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 (FIPS 180-4). */
    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The DHT key of a group: SHA-256(UTF-8 "weft/group/" + name). */
    public static byte[] groupKey(String group) {
        return sha256(("weft/group/" + group).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Identity[" + id + "]";
    }

    /** Hands the JDK's key generator a given seed (the JDK derives the key pair from 32 random bytes). */
    private static final class FixedRandom extends SecureRandom {
        private final byte[] seed;

        FixedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(bytes.length, seed.length));
        }
    }
}
