package dev.weft.turn.internal;

import dev.weft.stun.Software;
import dev.weft.stun.StunAttribute;
import dev.weft.stun.StunMessage;
import dev.weft.stun.StunMessageBuilder;

/** Success responses, and the common tail of every response: SOFTWARE, integrity, FINGERPRINT. */
public final class Responses {
    private final Software software;

    public Responses(String software) {
        this.software = software == null || software.isEmpty() ? null : new Software(software);
    }

    public byte[] success(StunMessage request, Authenticator.Principal principal, StunAttribute... attributes) {
        StunMessageBuilder b = new StunMessageBuilder(request.type().response(true), request.transactionId());
        for (StunAttribute a : attributes) {
            if (a != null) {
                b.add(a);
            }
        }
        return finish(b, principal);
    }

    /**
     * Adds SOFTWARE, the integrity attribute the request used (when {@code principal} is not null; RFC 8489
     * Section 9.2.4) and FINGERPRINT.
     */
    byte[] finish(StunMessageBuilder b, Authenticator.Principal principal) {
        if (software != null) {
            b.add(software);
        }
        if (principal != null) {
            if (principal.sha256()) {
                b.addMessageIntegritySha256(principal.key());
            } else {
                b.addMessageIntegrity(principal.key());
            }
        }
        return b.addFingerprint().build();
    }
}
