package dev.weft.overlay;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One overlay message: {@code {"type","id","re","from","to","ttl","group","body","sig"}}. Only {@code type} is
 * always present; which other fields a type needs is checked by {@link EnvelopeCodec}. The envelope has room
 * {@code from} is the origin's id and {@code sig} its signature over the message ({@link Signatures}),
 * {@code ttl} the hops left, {@code id} the message id that deduplicates.
 *
 * @param type  what the message is
 * @param id    message id (requests, routed and broadcast messages): 1-32 of [A-Za-z0-9_-]
 * @param re    the id of the request this answers
 * @param from  the origin peer of a routed or broadcast message
 * @param to    the target peer of a routed message
 * @param ttl   hops left, or -1 when absent
 * @param group the group the message is about
 * @param body  type-specific fields, or null
 * @param sig   the origin's signature (bcast, signal, census), or null
 */
public record Envelope(MessageType type, String id, String re, String from, String to, int ttl, String group,
                       ObjectNode body, String sig) {

    public static Envelope of(MessageType type, ObjectNode body) {
        return new Envelope(type, null, null, null, null, -1, null, body, null);
    }

    public Envelope withId(String newId) {
        return new Envelope(type, newId, re, from, to, ttl, group, body, sig);
    }

    public Envelope withRe(String newRe) {
        return new Envelope(type, id, newRe, from, to, ttl, group, body, sig);
    }

    public Envelope withRoute(String newFrom, String newTo) {
        return new Envelope(type, id, re, newFrom, newTo, ttl, group, body, sig);
    }

    public Envelope withTtl(int newTtl) {
        return new Envelope(type, id, re, from, to, newTtl, group, body, sig);
    }

    public Envelope withSig(String newSig) {
        return new Envelope(type, id, re, from, to, ttl, group, body, newSig);
    }

    public Envelope withGroup(String newGroup) {
        return new Envelope(type, id, re, from, to, ttl, newGroup, body, sig);
    }
}
