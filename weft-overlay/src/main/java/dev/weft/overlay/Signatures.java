package dev.weft.overlay;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What each signature covers (docs/overlay.md, "Identity" and "Signed messages"): a domain-separating prefix
 * and, for JSON, its RFC 8785 canonical form ({@link Canonical}).
 * <ul>
 *   <li>auth: {@code "weft-auth/1\n" + theirNonce + "\n" + myId + "\n" + theirId}</li>
 *   <li>bcast, signal, census: {@code "weft-sig/1\n" + JCS(envelope without "ttl" and "sig")}</li>
 *   <li>DHT record: {@code "weft-rec/1\n" + JCS(record without "sig")}</li>
 * </ul>
 */
public final class Signatures {
    private Signatures() {
    }

    public static String authText(String theirNonce, String signerId, String theirId) {
        return "weft-auth/1\n" + theirNonce + "\n" + signerId + "\n" + theirId;
    }

    public static String envelopeText(Envelope e) {
        ObjectNode n = EnvelopeCodec.toNode(e.withTtl(-1).withSig(null));
        return "weft-sig/1\n" + Canonical.of(n);
    }

    /** The envelope signed by {@code identity} (its {@code from} must be the identity's id). */
    public static Envelope sign(Identity identity, Envelope e) {
        return e.withSig(identity.sign(envelopeText(e)));
    }

    /** Whether the envelope carries its origin's ({@code from}) valid signature. */
    public static boolean verify(Envelope e) {
        return e.from() != null && e.sig() != null && Identity.verify(e.from(), envelopeText(e), e.sig());
    }

    public static String recordText(ObjectNode rec) {
        ObjectNode copy = rec.deepCopy();
        copy.remove("sig");
        return "weft-rec/1\n" + Canonical.of(copy);
    }
}
