package dev.weft.protocol.peerjs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.weft.protocol.Limits;
import java.io.IOException;

/**
 * Reads one client message of the PeerJS protocol (PeerServer 1.0.2, {@code src/messageHandler}): a JSON
 * object with {@code type}, {@code dst} and {@code payload}; other fields are dropped as PeerServer drops
 * them. The payload is located as a byte range and forwarded verbatim. Thread-safe.
 */
public final class PeerJsReader {
    private final JsonFactory factory = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(Limits.MAX_DEPTH).maxNumberLength(64).build())
            .build();

    /** Thrown for a frame that is not a usable message; the text becomes the ERROR message's {@code msg}. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /** Reads {@code frame[offset, offset + length)}; payload offsets in the result index {@code frame}. */
    public PeerJsMessage read(byte[] frame, int offset, int length) throws Invalid {
        String type = null;
        String dst = null;
        int payloadOffset = 0;
        int payloadLength = 0;
        try (JsonParser p = factory.createParser(frame, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Invalid("Invalid message: not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "type":
                        type = string(p, value, name);
                        break;
                    case "dst":
                        dst = value == JsonToken.VALUE_NULL ? null : string(p, value, name);
                        break;
                    case "payload":
                        long start = p.currentTokenLocation().getByteOffset();
                        skip(p, value);
                        long end = p.currentLocation().getByteOffset();
                        payloadOffset = offset + (int) start;
                        payloadLength = value == JsonToken.VALUE_NULL ? 0 : (int) (end - start);
                        break;
                    default:
                        skip(p, value);
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new Invalid("Invalid message: unexpected content after the JSON object");
            }
        } catch (StreamConstraintsException e) {
            throw new Invalid("Invalid message: nested deeper than " + Limits.MAX_DEPTH + " levels");
        } catch (IOException e) {
            throw new Invalid("Invalid message: malformed JSON");
        }
        if (type == null) {
            throw new Invalid("Invalid message: type is required");
        }
        if (dst != null && !PeerJsIds.isValid(dst)) {
            throw new Invalid("Invalid message: dst must be 1-" + PeerJsIds.MAX_LENGTH + " printable ASCII characters");
        }
        return new PeerJsMessage(PeerJsType.fromWire(type), type, dst, payloadOffset, payloadLength);
    }

    private static String string(JsonParser p, JsonToken value, String name) throws IOException, Invalid {
        if (value != JsonToken.VALUE_STRING) {
            throw new Invalid("Invalid message: " + name + " must be a string");
        }
        return p.getText();
    }

    private static void skip(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
            p.skipChildren();
        } else if (value == JsonToken.VALUE_STRING) {
            p.finishToken();
        }
    }
}
