package dev.weft.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.protocol.classic.ClassicMessage;
import dev.weft.protocol.classic.ClassicReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated frames: the native reader may only accept or throw {@link ProtocolException}; the classic
 * reader never throws. Accepted relays must point their payload inside the frame.
 */
class ReaderFuzzTest {
    private static final int CASES = 100_000;
    private static final String TOKENS = "{}[]\":,\\0-e.tnf ";

    static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        JsonNode golden = Spec.load("signaling/golden.json");
        for (JsonNode c : golden.get("client")) {
            seeds.add(c.get("json").asText().getBytes(StandardCharsets.UTF_8));
        }
        for (JsonNode c : golden.get("relay")) {
            seeds.add(c.get("json").asText().getBytes(StandardCharsets.UTF_8));
        }
        return seeds;
    }

    static byte[] mutate(byte[] seed, Random r) {
        byte[] b = seed.clone();
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits && b.length > 0; i++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(4)) {
                case 0 -> b[at] = (byte) r.nextInt(256);
                case 1 -> b[at] = (byte) TOKENS.charAt(r.nextInt(TOKENS.length()));
                case 2 -> b = java.util.Arrays.copyOf(b, at);
                default -> {
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    longer[at] = (byte) r.nextInt(128);
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                }
            }
        }
        return b;
    }

    @Test
    void nativeReaderOnlyAcceptsOrThrowsTheTypedError() {
        ClientMessageReader reader = new ClientMessageReader(java.util.Set.of("lobby-watch"));
        Random r = new Random(20261122);
        List<byte[]> seeds = seeds();
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] frame = i % 5 == 0 ? randomBytes(r) : mutate(seeds.get(r.nextInt(seeds.size())), r);
            try {
                ClientMessage m = reader.read(frame, 0, frame.length);
                accepted++;
                if (m instanceof ClientMessage.Relay relay && relay.hasPayload()) {
                    assertThat(relay.payloadOffset()).isBetween(0, frame.length);
                    assertThat(relay.payloadOffset() + relay.payloadLength()).isLessThanOrEqualTo(frame.length);
                }
            } catch (ProtocolException expected) {
                assertThat(expected.code()).isNotNull();
            }
        }
        assertThat(accepted).as("some mutations stay valid").isGreaterThan(100);
    }

    @Test
    void classicReaderNeverThrows() {
        ClassicReader reader = new ClassicReader();
        Random r = new Random(7);
        byte[] seed = "{\"type\":\"offer\",\"name\":\"bob\",\"offer\":{\"sdp\":\"v=0\"}}".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < CASES; i++) {
            byte[] frame = i % 3 == 0 ? randomBytes(r) : mutate(seed, r);
            ClassicMessage m = reader.read(frame, 0, frame.length);
            assertThat(m.valueOffset() + m.valueLength()).isLessThanOrEqualTo(frame.length);
        }
    }

    private static byte[] randomBytes(Random r) {
        byte[] b = new byte[r.nextInt(64)];
        r.nextBytes(b);
        return b;
    }
}
