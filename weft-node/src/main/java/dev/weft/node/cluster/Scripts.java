package dev.weft.node.cluster;

/**
 * The Lua scripts that make each registry step one atomic Redis operation (EVAL; Redis caches the compiled
 * script, and sending the body each time survives a Redis restart that forgot it; the per-message ROUTE goes
 * by digest with EVALSHA and falls back to EVAL on NOSCRIPT). Values are
 * {@code <node>\n<token hash>}; see {@link RedisKeys}.
 */
final class Scripts {
    private Scripts() {
    }

    /** The digest Redis knows a script by (EVALSHA): lowercase hex SHA-1 of its body. */
    static String sha1(String script) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                    .digest(script.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    /**
     * CLAIM(key; node, tokenHash, leaseMs): free → take it, return "" ; held with the same token (here or on
     * another node) → take it over, return the previous node; another token → nil.
     */
    static final String CLAIM = """
            local cur = redis.call('GET', KEYS[1])
            local mine = ARGV[1] .. '\\n' .. ARGV[2]
            if not cur then
              redis.call('SET', KEYS[1], mine, 'PX', ARGV[3])
              return ''
            end
            local nl = string.find(cur, '\\n', 1, true)
            if not nl or string.sub(cur, nl + 1) ~= ARGV[2] then
              return false
            end
            redis.call('SET', KEYS[1], mine, 'PX', ARGV[3])
            return string.sub(cur, 1, nl - 1)
            """;

    /** RELEASE(key; node, tokenHash): deletes the key only if this node still holds it for that token. */
    static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] .. '\\n' .. ARGV[2] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    /**
     * RENEW(key1..keyN; node, leaseMs, tokenHash1..N): extends this node's leases, re-creates keys Redis lost
     * (a restart), and returns the 1-based indexes of keys another node now holds.
     */
    static final String RENEW = """
            local lost = {}
            for i, key in ipairs(KEYS) do
              local mine = ARGV[1] .. '\\n' .. ARGV[i + 2]
              local cur = redis.call('GET', key)
              if cur == mine then
                redis.call('PEXPIRE', key, ARGV[2])
              elseif not cur then
                redis.call('SET', key, mine, 'PX', ARGV[2])
              else
                table.insert(lost, i)
              end
            end
            return lost
            """;

    /**
     * ROUTE(key; parcel): publishes the parcel on the channel of the node holding the id; returns how many
     * subscribers got it (0: nobody holds the id, or its node is gone).
     */
    static final String ROUTE = """
            local cur = redis.call('GET', KEYS[1])
            if not cur then
              return 0
            end
            local nl = string.find(cur, '\\n', 1, true)
            if not nl then
              return 0
            end
            return redis.call('PUBLISH', 'weft:node:' .. string.sub(cur, 1, nl - 1), ARGV[1])
            """;
}
