package dev.weft.turn.internal;

import dev.weft.stun.ErrorCode;
import dev.weft.stun.ErrorCodeAttribute;
import dev.weft.stun.Nonce;
import dev.weft.stun.Realm;
import dev.weft.stun.StunMessage;
import dev.weft.stun.StunMessageBuilder;
import dev.weft.stun.UnknownAttributes;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a refusal ({@link TurnError}) into a STUN error response (RFC 8489 Section 6.3.4):
 * ERROR-CODE with the reason, REALM and a fresh NONCE for 401/438 challenges, UNKNOWN-ATTRIBUTES for 420,
 * MESSAGE-INTEGRITY when the request was authenticated, SOFTWARE and FINGERPRINT. It also counts and logs.
 */
public final class ErrorResponder {
    private static final Logger log = LoggerFactory.getLogger("dev.weft.turn");

    private final String realm;
    private final NonceService nonces;
    private final Responses responses;
    private final TurnMetrics metrics;

    public ErrorResponder(String realm, NonceService nonces, Responses responses, TurnMetrics metrics) {
        this.realm = realm;
        this.nonces = nonces;
        this.responses = responses;
        this.metrics = metrics;
    }

    /**
     * The error response to {@code request}; {@code principal} is the authenticated sender or null.
     */
    public byte[] respond(StunMessage request, TurnError error, InetAddress client, Authenticator.Principal principal) {
        metrics.error(error.code());
        int code = error.code().code();
        if (code == 403 || code == 486 || code == 508) {
            log.warn("{} refused for {}: {} {}", request.method(), client.getHostAddress(), code, error.reason());
        } else if (log.isDebugEnabled()) {
            log.debug("{} refused for {}: {} {}", request.method(), client.getHostAddress(), code, error.reason());
        }
        StunMessageBuilder b = new StunMessageBuilder(request.type().response(false), request.transactionId())
                .add(new ErrorCodeAttribute(error.code(), error.reason()));
        if (error.challenge()) {
            b.add(new Realm(realm)).add(new Nonce(nonces.issue(client)));
        }
        if (error.code().equals(ErrorCode.UNKNOWN_ATTRIBUTE)) {
            b.add(new UnknownAttributes(error.unknown()));
        }
        // No MESSAGE-INTEGRITY on challenges: the client's credentials were not accepted (RFC 8489 Section 9.2.4).
        return responses.finish(b, error.challenge() ? null : principal);
    }
}
