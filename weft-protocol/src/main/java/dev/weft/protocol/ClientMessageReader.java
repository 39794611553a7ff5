package dev.weft.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;

/**
 * Reads and validates one native signaling message from a UTF-8 JSON frame.
 *
 * <p>Only the envelope is decoded: {@code type}, {@code id}, {@code token}, {@code to} and {@code ref}. A
 * {@code payload} is checked for JSON well-formedness and located as a byte range, never turned into objects,
 * so the node can forward it verbatim. Unknown top-level fields are ignored (forward compatibility); a field
 * that appears twice is an error, since receivers would disagree on which copy counts.
 *
 * <p>Thread-safe: holds only an immutable {@link JsonFactory}.
 */
public final class ClientMessageReader {
    private final JsonFactory factory;
    private final java.util.Set<String> extensionTypes;

    /** A reader for the core message types only. */
    public ClientMessageReader() {
        this(java.util.Set.of());
    }

    /** A reader that also accepts {@code extensionTypes} (returned as {@link ClientMessage.Extension}). */
    public ClientMessageReader(java.util.Set<String> extensionTypes) {
        for (String t : extensionTypes) {
            if (!Ids.isValidType(t) || RelayType.fromWire(t) != null
                    || t.equals("register") || t.equals("ping") || t.equals("leave")) {
                throw new IllegalArgumentException("not a valid extension type: " + t);
            }
        }
        this.extensionTypes = java.util.Set.copyOf(extensionTypes);
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(Limits.MAX_DEPTH)
                        .maxNumberLength(64)
                        .build())
                .build();
    }

    /**
     * Reads {@code frame[offset, offset + length)}. Payload offsets in the result are absolute indexes into
     * {@code frame}.
     *
     * @throws ProtocolException with INVALID_JSON, INVALID_MESSAGE, UNKNOWN_TYPE, INVALID_ID or INVALID_TOKEN
     */
    public ClientMessage read(byte[] frame, int offset, int length) throws ProtocolException {
        Envelope env = new Envelope();
        try (JsonParser p = factory.createParser(frame, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ProtocolException(ErrorCode.INVALID_JSON, "a message must be a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                env.field(name, value, p, offset);
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new ProtocolException(ErrorCode.INVALID_JSON, "unexpected content after the message object");
            }
        } catch (StreamConstraintsException e) {
            throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
                    "the message breaks a size or nesting limit (max depth " + Limits.MAX_DEPTH + ")");
        } catch (IOException e) {
            throw new ProtocolException(ErrorCode.INVALID_JSON, "malformed JSON").withRef(env.ref);
        } catch (ProtocolException e) {
            throw e.withRef(env.ref);
        }
        return env.toMessage(extensionTypes);
    }

    public ClientMessage read(byte[] frame) throws ProtocolException {
        return read(frame, 0, frame.length);
    }

    /** Collects envelope fields while parsing; validates them once the object is complete. */
    private static final class Envelope {
        String type;
        String id;
        String token;
        String to;
        String ref;
        int payloadOffset;
        int payloadLength;
        boolean hasPayload;
        int seen;

        void field(String name, JsonToken value, JsonParser p, int base) throws IOException, ProtocolException {
            switch (name) {
                case "type":
                    once(1, name);
                    type = string(name, value, p);
                    break;
                case "id":
                    once(2, name);
                    id = string(name, value, p);
                    break;
                case "token":
                    once(4, name);
                    token = string(name, value, p);
                    break;
                case "to":
                    once(8, name);
                    to = string(name, value, p);
                    break;
                case "ref":
                    once(16, name);
                    ref = string(name, value, p);
                    if (!Ids.isValidRef(ref)) {
                        ref = null;
                        throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
                                "ref must be 1-" + Limits.MAX_REF_LENGTH + " characters of [A-Za-z0-9_.:-]");
                    }
                    break;
                case "payload":
                    once(32, name);
                    payload(p, value, base);
                    break;
                case "from":
                    throw new ProtocolException(ErrorCode.INVALID_MESSAGE,
                            "from is set by the node and must not be sent");
                default:
                    p.skipChildren();
                    if (value == JsonToken.VALUE_STRING) {
                        p.finishToken();
                    }
            }
        }

        private void once(int bit, String name) throws ProtocolException {
            if ((seen & bit) != 0) {
                throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "field " + name + " appears twice");
            }
            seen |= bit;
        }

        private static String string(String name, JsonToken value, JsonParser p)
                throws IOException, ProtocolException {
            if (value != JsonToken.VALUE_STRING) {
                p.skipChildren();
                throw new ProtocolException(ErrorCode.INVALID_MESSAGE, name + " must be a string");
            }
            return p.getText();
        }

        private void payload(JsonParser p, JsonToken value, int base) throws IOException {
            long span = JsonBytes.span(p, value);
            payloadOffset = base + JsonBytes.spanStart(span);
            payloadLength = JsonBytes.spanLength(span);
            hasPayload = true;
        }

        ClientMessage toMessage(java.util.Set<String> extensionTypes) throws ProtocolException {
            try {
                if (type != null && extensionTypes.contains(type)) {
                    return new ClientMessage.Extension(type, ref);
                }
                return build();
            } catch (ProtocolException e) {
                throw e.withRef(ref);
            }
        }

        private ClientMessage build() throws ProtocolException {
            if (type == null) {
                throw new ProtocolException(ErrorCode.INVALID_MESSAGE, "type is required");
            }
            switch (type) {
                case "register":
                    if (id != null && !Ids.isValidId(id)) {
                        throw new ProtocolException(ErrorCode.INVALID_ID,
                                "id must be 1-" + Limits.MAX_ID_LENGTH
                                        + " characters of [A-Za-z0-9_-] starting with a letter or digit");
                    }
                    if (token != null && !Ids.isValidToken(token)) {
                        throw new ProtocolException(ErrorCode.INVALID_TOKEN,
                                "token must be " + Limits.MIN_TOKEN_LENGTH + "-" + Limits.MAX_TOKEN_LENGTH
                                        + " printable ASCII characters without spaces");
                    }
                    return new ClientMessage.Register(id, token, ref);
                case "ping":
                    return new ClientMessage.Ping(ref);
                case "leave":
                    return new ClientMessage.Leave(ref);
                default:
                    RelayType relay = RelayType.fromWire(type);
                    if (relay == null) {
                        throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown message type: "
                                + (Ids.isValidType(type) ? type : "(invalid type name)"));
                    }
                    if (to == null) {
                        throw new ProtocolException(ErrorCode.INVALID_MESSAGE, type + " needs a target: to");
                    }
                    if (!Ids.isValidId(to)) {
                        throw new ProtocolException(ErrorCode.INVALID_ID, "to is not a valid id");
                    }
                    return new ClientMessage.Relay(relay, to, payloadOffset, hasPayload ? payloadLength : 0, ref);
            }
        }
    }
}
