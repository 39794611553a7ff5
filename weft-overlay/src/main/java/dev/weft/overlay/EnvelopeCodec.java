package dev.weft.overlay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads and writes overlay messages (docs/overlay.md, "Messages"). Every field is checked here, so handlers
 * get well-formed envelopes; a broken rule is an {@link OverlayException} with a stable code and a message
 * that names the field. No I/O.
 */
public final class EnvelopeCodec {
    private static final Pattern MSG_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final Pattern GROUP = Pattern.compile("/|[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
    private static final Pattern TERM = Pattern.compile("[A-Za-z0-9_.:/-]{1,64}");
    private static final Pattern URL = Pattern.compile("wss?://[A-Za-z0-9._~:/?#\\[\\]@!$&'()*+,;=%-]{1,248}");
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper json;

    public EnvelopeCodec() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(OverlayConstants.MAX_DEPTH)
                        .maxStringLength(OverlayConstants.MAX_MESSAGE_BYTES).build())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        json = new ObjectMapper(factory);
    }

    public static boolean isValidGroup(String g) {
        return g != null && GROUP.matcher(g).matches();
    }

    public static boolean isValidTerm(String t) {
        return t != null && TERM.matcher(t).matches();
    }

    public static boolean isValidUrl(String u) {
        return u != null && u.length() <= OverlayConstants.MAX_URL_LENGTH && URL.matcher(u).matches();
    }

    public static boolean isValidMessageId(String id) {
        return id != null && MSG_ID.matcher(id).matches();
    }

    public String encode(Envelope e) {
        return toNode(e).toString();
    }

    /** The envelope as a JSON object (fields in wire order; absent ones left out). */
    public static ObjectNode toNode(Envelope e) {
        ObjectNode o = NODES.objectNode();
        o.put("type", e.type().wire());
        putIf(o, "id", e.id());
        putIf(o, "re", e.re());
        putIf(o, "from", e.from());
        putIf(o, "to", e.to());
        if (e.ttl() >= 0) {
            o.put("ttl", e.ttl());
        }
        putIf(o, "group", e.group());
        if (e.body() != null) {
            o.set("body", e.body());
        }
        putIf(o, "sig", e.sig());
        return o;
    }

    private static void putIf(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    /** Parses and validates one message. */
    public Envelope decode(String text) throws OverlayException {
        if (text.length() > OverlayConstants.MAX_MESSAGE_BYTES
                || text.getBytes(StandardCharsets.UTF_8).length > OverlayConstants.MAX_MESSAGE_BYTES) {
            throw new OverlayException(ErrorCode.MESSAGE_TOO_LARGE,
                    "an overlay message may be at most " + OverlayConstants.MAX_MESSAGE_BYTES + " bytes");
        }
        JsonNode root;
        try (JsonParser p = json.createParser(text)) {
            root = json.readTree(p);
            if (p.nextToken() != null) {
                throw new OverlayException(ErrorCode.INVALID_JSON, "trailing data after the JSON object");
            }
        } catch (JsonProcessingException ex) {
            String m = ex.getOriginalMessage();
            if (m != null && m.contains("nesting depth")) {
                throw new OverlayException(ErrorCode.INVALID_MESSAGE, "JSON nested deeper than " + OverlayConstants.MAX_DEPTH);
            }
            if (m != null && m.startsWith("Duplicate field")) {
                throw new OverlayException(ErrorCode.INVALID_MESSAGE, m);
            }
            throw new OverlayException(ErrorCode.INVALID_JSON, "the message is not valid JSON");
        } catch (java.io.IOException ex) {
            throw new OverlayException(ErrorCode.INVALID_JSON, "the message is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new OverlayException(ErrorCode.INVALID_JSON, "the message is not a JSON object");
        }
        String typeName = text(root, "type", true);
        MessageType type = MessageType.of(typeName);
        if (type == null) {
            throw new OverlayException(ErrorCode.UNKNOWN_TYPE, "unknown overlay message type: " + clip(typeName));
        }
        String id = text(root, "id", false);
        if (id != null && !isValidMessageId(id)) {
            throw invalid("id must be 1-32 of [A-Za-z0-9_-]");
        }
        String re = text(root, "re", false);
        if (re != null && !isValidMessageId(re)) {
            throw invalid("re must be 1-32 of [A-Za-z0-9_-]");
        }
        String from = peerId(root, "from");
        String to = peerId(root, "to");
        int ttl = -1;
        JsonNode t = root.get("ttl");
        if (t != null) {
            if (!t.isInt() || t.intValue() < 0 || t.intValue() > OverlayConstants.SIGNAL_TTL) {
                throw invalid("ttl must be an integer 0-" + OverlayConstants.SIGNAL_TTL);
            }
            ttl = t.intValue();
        }
        String group = text(root, "group", false);
        if (group != null && !isValidGroup(group)) {
            throw invalid("group must be \"/\" or 1-64 of [A-Za-z0-9_.:-] starting with a letter or digit");
        }
        JsonNode b = root.get("body");
        if (b != null && !b.isObject()) {
            throw invalid("body must be an object");
        }
        String sig = text(root, "sig", false);
        if (sig != null && sig.length() != 86) {
            throw invalid("sig must be an Ed25519 signature in base64url (86 characters)");
        }
        Envelope e = new Envelope(type, id, re, from, to, ttl, group, (ObjectNode) b, sig);
        MessageRules.check(e);
        return e;
    }

    static String text(JsonNode o, String name, boolean required) throws OverlayException {
        JsonNode n = o.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                throw invalid(name + " is required");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw invalid(name + " must be a string");
        }
        return n.textValue();
    }

    private static String peerId(JsonNode o, String name) throws OverlayException {
        String v = text(o, name, false);
        if (v != null && !Identity.isValidId(v)) {
            throw new OverlayException(ErrorCode.INVALID_ID, name + " must be a peer id: base32 of a 32-byte Ed25519 key (52 of [a-z2-7])");
        }
        return v;
    }

    static OverlayException invalid(String message) {
        return new OverlayException(ErrorCode.INVALID_MESSAGE, message);
    }

    private static String clip(String s) {
        return s.length() > 32 ? s.substring(0, 32) + "..." : s;
    }

    /** A peer as it travels in routes and member lists: {@code {"id","kind","url"?}}. */
    public static ObjectNode peer(PeerInfo p) {
        ObjectNode o = NODES.objectNode();
        o.put("id", p.id());
        o.put("kind", p.kind().wire());
        if (p.url() != null) {
            o.put("url", p.url());
        }
        return o;
    }

    public static ArrayNode peers(List<PeerInfo> list) {
        ArrayNode a = NODES.arrayNode();
        list.forEach(p -> a.add(peer(p)));
        return a;
    }

    /** Reads a peer object (already checked by {@link MessageRules}). */
    public static PeerInfo readPeer(JsonNode o) {
        JsonNode url = o.get("url");
        return new PeerInfo(o.get("id").textValue(), PeerKind.of(o.get("kind").textValue()),
                url == null || url.isNull() ? null : url.textValue());
    }

    public static List<PeerInfo> readPeers(JsonNode a) {
        List<PeerInfo> out = new ArrayList<>();
        a.forEach(n -> out.add(readPeer(n)));
        return out;
    }

    static void checkPeer(JsonNode o, String where) throws OverlayException {
        if (o == null || !o.isObject()) {
            throw invalid(where + " must be a peer object {id, kind, url?}");
        }
        String id = text(o, "id", true);
        if (!Identity.isValidId(id)) {
            throw new OverlayException(ErrorCode.INVALID_ID, where + ".id must be a peer id: base32 of a 32-byte Ed25519 key");
        }
        if (PeerKind.of(text(o, "kind", true)) == null) {
            throw invalid(where + ".kind must be node, browser or client");
        }
        String url = text(o, "url", false);
        if (url != null && !isValidUrl(url)) {
            throw invalid(where + ".url must be a ws:// or wss:// URL of at most " + OverlayConstants.MAX_URL_LENGTH + " characters");
        }
    }
}
