package dev.weft.protocol.classic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.weft.protocol.JsonBytes;
import dev.weft.protocol.Limits;
import java.io.IOException;

/**
 * Reads seed 003's messages: {@code {"type":..,"name":..,"offer"|"answer"|"candidate":..}}. Never throws:
 * broken JSON becomes {@link ClassicMessage.Kind#INVALID_JSON}. The SDP or candidate is located as a byte
 * range so the server forwards it without re-serializing.
 */
public final class ClassicReader {
    private final JsonFactory factory = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(Limits.MAX_DEPTH).build())
            .build();

    public ClassicMessage read(byte[] frame, int offset, int length) {
        String typeText = "undefined";
        String type = null;
        String name = null;
        long[] spans = new long[6];
        try (JsonParser p = factory.createParser(frame, offset, length)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                // Valid JSON that is not an object: the seed's data.type is undefined.
                p.skipChildren();
                if (first == JsonToken.VALUE_STRING) {
                    p.finishToken();
                }
                if (first == null || p.nextToken() != null) {
                    return invalid();
                }
                return new ClassicMessage(ClassicMessage.Kind.UNKNOWN, typeText, null, 0, 0);
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                switch (field) {
                    case "type":
                        if (v == JsonToken.VALUE_STRING) {
                            type = p.getText();
                            typeText = type;
                        } else if (v.isScalarValue()) {
                            typeText = v == JsonToken.VALUE_NULL ? "null" : p.getText();
                        } else {
                            p.skipChildren();
                            typeText = v == JsonToken.START_ARRAY ? "" : "[object Object]";
                        }
                        break;
                    case "name":
                        if (v == JsonToken.VALUE_STRING) {
                            name = p.getText();
                        } else {
                            p.skipChildren();
                        }
                        break;
                    case "offer":
                        span(p, v, spans, 0);
                        break;
                    case "answer":
                        span(p, v, spans, 2);
                        break;
                    case "candidate":
                        span(p, v, spans, 4);
                        break;
                    default:
                        p.skipChildren();
                        if (v == JsonToken.VALUE_STRING) {
                            p.finishToken();
                        }
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return invalid();
            }
        } catch (IOException e) {
            return invalid();
        }
        ClassicMessage.Kind kind = ClassicMessage.kindOf(type);
        int slot = kind == ClassicMessage.Kind.OFFER ? 0 : kind == ClassicMessage.Kind.ANSWER ? 2
                : kind == ClassicMessage.Kind.CANDIDATE ? 4 : -1;
        if (slot < 0 || spans[slot + 1] == 0) {
            return new ClassicMessage(kind, typeText, name, 0, 0);
        }
        return new ClassicMessage(kind, typeText, name, offset + (int) spans[slot], (int) spans[slot + 1]);
    }

    private static void span(JsonParser p, JsonToken v, long[] spans, int slot) throws IOException {
        long span = JsonBytes.span(p, v);
        spans[slot] = JsonBytes.spanStart(span);
        spans[slot + 1] = JsonBytes.spanLength(span);
    }

    private static ClassicMessage invalid() {
        return new ClassicMessage(ClassicMessage.Kind.INVALID_JSON, "undefined", null, 0, 0);
    }
}
