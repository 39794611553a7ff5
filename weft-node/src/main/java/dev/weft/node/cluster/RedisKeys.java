package dev.weft.node.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names in Redis (docs/cluster.md): {@code weft:<space>:<id>} holds {@code <node>\n<sha256(token)>} with the
 * lease as its TTL; {@code weft:node:<node>} is the pub/sub channel of one node.
 */
final class RedisKeys {
    private RedisKeys() {
    }

    static byte[] id(String space, String id) {
        return utf8("weft:" + space + ":" + id);
    }

    static String channel(String node) {
        return "weft:node:" + node;
    }

    /** The owner value: which node holds the id, and the hash of the token that proves ownership. */
    static byte[] owner(String node, String tokenHash) {
        return utf8(node + "\n" + tokenHash);
    }

    static String tokenHash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(utf8(token)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
