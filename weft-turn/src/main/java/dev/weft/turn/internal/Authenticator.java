package dev.weft.turn.internal;

import dev.weft.stun.ErrorCode;
import dev.weft.stun.LongTermKey;
import dev.weft.stun.MessageIntegrity;
import dev.weft.stun.MessageIntegritySha256;
import dev.weft.stun.Nonce;
import dev.weft.stun.Realm;
import dev.weft.stun.StunMessage;
import dev.weft.stun.StunParseException;
import dev.weft.stun.UserHash;
import dev.weft.stun.Username;
import dev.weft.turn.TurnConfig;
import dev.weft.turn.TurnCredentials;
import java.net.InetAddress;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The long-term credential mechanism (RFC 8489 Section 9.2.4) for static users and TURN REST usernames
 * ({@link TurnCredentials}). Either MESSAGE-INTEGRITY or MESSAGE-INTEGRITY-SHA256 is accepted, with the MD5 key;
 * USERHASH is accepted for static users.
 */
public final class Authenticator {
    /** Who sent a request, and the key to sign the response with. */
    public record Principal(String username, byte[] key, boolean sha256) {
    }

    private final TurnConfig config;
    private final NonceService nonces;
    private final Clock clock;
    private final Map<String, String> userByHash = new HashMap<>();

    public Authenticator(TurnConfig config, NonceService nonces) {
        this.config = config;
        this.nonces = nonces;
        this.clock = config.clock();
        for (String user : config.users().keySet()) {
            userByHash.put(HexFormat.of().formatHex(LongTermKey.userHash(user, config.realm())), user);
        }
    }

    public Principal authenticate(StunMessage request, InetAddress client) throws TurnError, StunParseException {
        boolean sha256 = MessageIntegritySha256.isPresent(request);
        if (!sha256 && !MessageIntegrity.isPresent(request)) {
            throw TurnError.challenge(ErrorCode.UNAUTHENTICATED, "Unauthenticated: credentials required");
        }
        Username username = Username.getFrom(request);
        UserHash userHash = UserHash.getFrom(request);
        Realm realm = Realm.getFrom(request);
        Nonce nonce = Nonce.getFrom(request);
        if ((username == null && userHash == null) || realm == null || nonce == null) {
            throw TurnError.of(ErrorCode.BAD_REQUEST,
                    "MESSAGE-INTEGRITY needs USERNAME, REALM and NONCE (RFC 8489 Section 9.2.4)");
        }
        NonceService.Status status = nonces.check(nonce.value(), client);
        if (status != NonceService.Status.VALID) {
            throw TurnError.challenge(ErrorCode.STALE_NONCE, "Stale Nonce: retry with the new NONCE");
        }
        String name = username != null ? username.value()
                : userByHash.get(HexFormat.of().formatHex(userHash.hash()));
        String password = name == null ? null : password(name);
        if (password == null) {
            throw TurnError.challenge(ErrorCode.UNAUTHENTICATED, "Unauthenticated: unknown or expired user");
        }
        byte[] key = LongTermKey.md5(name, config.realm(), password);
        boolean ok = sha256 ? MessageIntegritySha256.check(request, key) : MessageIntegrity.check(request, key);
        if (!ok) {
            throw TurnError.challenge(ErrorCode.UNAUTHENTICATED, "Unauthenticated: bad MESSAGE-INTEGRITY");
        }
        return new Principal(name, key, sha256);
    }

    /** The password for a static user, or for an unexpired REST username; null otherwise. */
    private String password(String username) {
        String p = config.users().get(username);
        if (p != null) {
            return p;
        }
        if (config.restSecret() == null) {
            return null;
        }
        long expiry = TurnCredentials.expiryOf(username);
        if (expiry < 0 || expiry * 1000 <= clock.millis()) {
            return null;
        }
        return TurnCredentials.password(config.restSecret(), username);
    }
}
