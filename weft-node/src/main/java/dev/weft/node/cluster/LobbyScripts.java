package dev.weft.node.cluster;

/**
 * The lobby's atomic steps in Redis (docs/cluster.md, "The lobby in a cluster"), sent with EVAL. Every script
 * first drops the entries whose expiry time has passed (PURGE), so no node ever sees an expired entry, and
 * every change bumps {@code weft:lobby:seq} and is published on {@code weft:lobby:changes} as
 * {@code <seq>\n<kind>\n<reason>\n<entry json>\n<before json>} inside the same script, so all nodes hear the
 * changes in the order Redis made them.
 *
 * <p>Keys: {@code weft:lobby:e:<id>} the entry's JSON (PX: its TTL plus {@link RedisLobbyStore#BACKSTOP_MS}, so
 * a lobby nobody sweeps any more frees itself), {@code weft:lobby:exp} (zset id → expiresAt ms),
 * {@code weft:lobby:order} (zset id → seq at insert: oldest first), {@code weft:lobby:owner} (hash id → host),
 * {@code weft:lobby:h:<host>} (set of the host's ids).
 */
final class LobbyScripts {
    private LobbyScripts() {
    }

    private static final String PURGE = """
            local function change(kind, reason, entry, before)
              local seq = redis.call('INCR', 'weft:lobby:seq')
              redis.call('PUBLISH', 'weft:lobby:changes',
                seq .. '\\n' .. kind .. '\\n' .. reason .. '\\n' .. entry .. '\\n' .. (before or ''))
              return seq
            end
            local function drop(id, reason)
              local cur = redis.call('GET', 'weft:lobby:e:' .. id)
              local host = redis.call('HGET', 'weft:lobby:owner', id)
              redis.call('DEL', 'weft:lobby:e:' .. id)
              redis.call('ZREM', 'weft:lobby:exp', id)
              redis.call('ZREM', 'weft:lobby:order', id)
              redis.call('HDEL', 'weft:lobby:owner', id)
              if host then
                redis.call('SREM', 'weft:lobby:h:' .. host, id)
              end
              if cur then
                change('removed', reason, cur)
              end
              return cur
            end
            local function purge(now)
              local out = {}
              for _, id in ipairs(redis.call('ZRANGEBYSCORE', 'weft:lobby:exp', '-inf', now)) do
                local cur = drop(id, 'expired')
                if cur then
                  table.insert(out, cur)
                end
              end
              return out
            end
            """;

    /** INSERT(; id, host, json, expiresAt, pxMs, maxPerHost, maxTotal, now) → 0 inserted, 1 host limit, 2 full. */
    static final String INSERT = PURGE + """
            purge(tonumber(ARGV[8]))
            local id, host = ARGV[1], ARGV[2]
            if redis.call('SCARD', 'weft:lobby:h:' .. host) >= tonumber(ARGV[6]) then
              return 1
            end
            if redis.call('ZCARD', 'weft:lobby:exp') >= tonumber(ARGV[7]) then
              return 2
            end
            redis.call('SET', 'weft:lobby:e:' .. id, ARGV[3], 'PX', ARGV[5])
            redis.call('ZADD', 'weft:lobby:exp', ARGV[4], id)
            redis.call('HSET', 'weft:lobby:owner', id, host)
            redis.call('SADD', 'weft:lobby:h:' .. host, id)
            redis.call('PEXPIRE', 'weft:lobby:h:' .. host, ARGV[5])
            local seq = change('added', '', ARGV[3])
            redis.call('ZADD', 'weft:lobby:order', seq, id)
            return 0
            """;

    /**
     * REPLACE(; id, expectedVersion, json, expiresAt, pxMs, now, contentChanged) → 1 stored, 0 version moved
     * on or entry gone. A heartbeat (contentChanged 0) refreshes the TTL without telling anybody.
     */
    static final String REPLACE = PURGE + """
            purge(tonumber(ARGV[6]))
            local id = ARGV[1]
            local cur = redis.call('GET', 'weft:lobby:e:' .. id)
            if not cur or tostring(cjson.decode(cur).version) ~= ARGV[2] then
              return 0
            end
            redis.call('SET', 'weft:lobby:e:' .. id, ARGV[3], 'PX', ARGV[5])
            redis.call('ZADD', 'weft:lobby:exp', ARGV[4], id)
            local host = redis.call('HGET', 'weft:lobby:owner', id)
            if host then
              redis.call('PEXPIRE', 'weft:lobby:h:' .. host, ARGV[5])
            end
            if ARGV[7] == '1' then
              change('updated', '', ARGV[3], cur)
            end
            return 1
            """;

    /** REMOVE(; id, reason, now) → the removed entry's JSON, or nil. */
    static final String REMOVE = PURGE + """
            purge(tonumber(ARGV[3]))
            return drop(ARGV[1], ARGV[2])
            """;

    /** EXPIRE(; now) → the JSON of every entry it removed. */
    static final String EXPIRE = PURGE + """
            return purge(tonumber(ARGV[1]))
            """;

    /** LIST(; now) → {seq, json...} oldest first: the change sequence number the list is consistent with. */
    static final String LIST = PURGE + """
            purge(tonumber(ARGV[1]))
            local out = {tostring(redis.call('GET', 'weft:lobby:seq') or '0')}
            for _, id in ipairs(redis.call('ZRANGE', 'weft:lobby:order', 0, -1)) do
              local cur = redis.call('GET', 'weft:lobby:e:' .. id)
              if cur then
                table.insert(out, cur)
              end
            end
            return out
            """;
}
