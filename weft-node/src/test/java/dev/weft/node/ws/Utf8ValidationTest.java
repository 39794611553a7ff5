package dev.weft.node.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Utf8Validation} against RFC 3629 section 4: boundary vectors, splits at every byte, and the JDK decoder. */
class Utf8ValidationTest {
    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    /** Whole message in one part, in a heap and in a direct buffer, at an offset so words are unaligned. */
    private static boolean valid(byte[] bytes) {
        boolean heap = check(Unpooled.wrappedBuffer(bytes));
        ByteBuf direct = Unpooled.directBuffer(bytes.length + 3);
        direct.writeBytes(new byte[] {'x', 'y', 'z'}).writeBytes(bytes).skipBytes(3);
        boolean off = check(direct);
        direct.release();
        assertThat(off).as("direct, offset 3").isEqualTo(heap);
        return heap;
    }

    private static boolean check(ByteBuf buf) {
        Utf8Validation v = new Utf8Validation();
        return v.update(buf) && v.finish();
    }

    /** The message split into two parts at every position, as a text frame and its continuation. */
    private static void assertSameAtEverySplit(byte[] bytes, boolean expected) {
        for (int cut = 0; cut <= bytes.length; cut++) {
            Utf8Validation v = new Utf8Validation();
            ByteBuf buf = Unpooled.wrappedBuffer(bytes);
            boolean ok = v.update(buf, 0, cut) && v.update(buf, cut, bytes.length) && v.finish();
            assertThat(ok).as("split at %d of %s", cut, HexFormat.of().formatHex(bytes)).isEqualTo(expected);
        }
        // and one byte per fragment
        Utf8Validation v = new Utf8Validation();
        boolean ok = true;
        for (int i = 0; i < bytes.length && ok; i++) {
            ok = v.update(Unpooled.wrappedBuffer(bytes, i, 1));
        }
        assertThat(ok && v.finish()).as("byte per fragment").isEqualTo(expected);
    }

    private static boolean jdkAccepts(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "00", "7f", "41 42 43 44 45 46 47 48 49", // ASCII, longer than a word
        "c2 80", "df bf",                              // U+0080, U+07FF
        "e0 a0 80", "e0 bf bf",                        // U+0800 (smallest 3-byte), U+0FFF
        "e1 80 80", "ec bf bf", "ed 80 80", "ed 9f bf", // up to U+D7FF, just below the surrogates
        "ee 80 80", "ef bf bf",                        // U+E000 just above them, U+FFFF
        "ef bb bf",                                    // BOM is a valid code point
        "f0 90 80 80", "f0 bf bf bf",                  // U+10000 (smallest 4-byte)
        "f1 80 80 80", "f3 bf bf bf", "f4 80 80 80", "f4 8f bf bf", // up to U+10FFFF
        "7b 22 61 22 3a 22 c3 a9 22 7d 20 20 20 20 20 20 20 20 f0 9f 98 80 41", // ASCII words around non-ASCII
    })
    void acceptsValidBoundaries(String h) {
        byte[] bytes = hex(h);
        assertThat(valid(bytes)).isTrue();
        assertSameAtEverySplit(bytes, true);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "80", "bf", "41 80", "c2 80 80",                // continuation without a lead
        "c0 80", "c1 bf",                              // overlong 2-byte (C0, C1 never appear)
        "e0 80 80", "e0 9f bf",                        // overlong 3-byte (below U+0800)
        "f0 80 80 80", "f0 8f bf bf",                  // overlong 4-byte (below U+10000)
        "ed a0 80", "ed bf bf", "ed a0 80 ed b0 80",   // surrogates U+D800, U+DFFF, a CESU-8 pair
        "f4 90 80 80", "f4 bf bf bf",                  // above U+10FFFF
        "f5 80 80 80", "f7 bf bf bf", "f8 88 80 80 80", "fc 84 80 80 80 80", "fe", "ff", // bytes never in UTF-8
        "c2", "e0 a0", "e1", "f0 90 80", "f4 8f bf",   // truncated at the end of the message
        "c2 41", "e1 80 41", "f1 80 80 41",            // truncated by an ASCII byte
        "e1 c0 80", "c3 28",                           // a lead where a continuation belongs; RFC 3629's example
        "41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 c3 28 41 41 41 41 41 41 41 41", // after whole ASCII words
        "7b c3 28 7d",                                 // the frame BadInputTest sends
    })
    void rejectsInvalid(String h) {
        byte[] bytes = hex(h);
        assertThat(valid(bytes)).isFalse();
        assertSameAtEverySplit(bytes, false);
    }

    @Test
    void aRejectionSticksUntilReset() {
        Utf8Validation v = new Utf8Validation();
        assertThat(v.update(Unpooled.wrappedBuffer(hex("ff")))).isFalse();
        assertThat(v.update(Unpooled.wrappedBuffer(hex("41")))).isFalse();
        assertThat(v.finish()).isFalse();
        v.reset();
        assertThat(v.update(Unpooled.wrappedBuffer(hex("41"))) && v.finish()).isTrue();
    }

    @Test
    void agreesWithTheJdkDecoderOnEveryOneTwoAndThreeByteSequence() {
        for (int a = 0; a < 256; a++) {
            byte[] one = {(byte) a};
            assertThat(valid(one)).as("%02x", a).isEqualTo(jdkAccepts(one));
            for (int b = 0; b < 256; b++) {
                byte[] two = {(byte) a, (byte) b};
                assertThat(check(Unpooled.wrappedBuffer(two))).as("%02x %02x", a, b).isEqualTo(jdkAccepts(two));
                if (a >= 0xE0 && a <= 0xEF) {
                    for (int c = 0; c < 256; c++) {
                        byte[] three = {(byte) a, (byte) b, (byte) c};
                        assertThat(check(Unpooled.wrappedBuffer(three))).as("%02x %02x %02x", a, b, c)
                                .isEqualTo(jdkAccepts(three));
                    }
                }
            }
        }
    }

    @Test
    void agreesWithTheJdkDecoderOnFourByteSequences() {
        int[] tails = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
        for (int a = 0xF0; a <= 0xFF; a++) {
            for (int b = 0; b < 256; b++) {
                for (int c : tails) {
                    for (int d : tails) {
                        byte[] four = {(byte) a, (byte) b, (byte) c, (byte) d};
                        assertThat(check(Unpooled.wrappedBuffer(four)))
                                .as("%02x %02x %02x %02x", a, b, c, d).isEqualTo(jdkAccepts(four));
                    }
                }
            }
        }
    }

    @Test
    void everyCodePointRoundTripsAsValid() {
        StringBuilder sb = new StringBuilder();
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            if (cp < 0xD800 || cp > 0xDFFF) {
                sb.appendCodePoint(cp);
            }
        }
        byte[] all = sb.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(valid(all)).isTrue();
        // split at a few awkward places: inside 2-, 3- and 4-byte sequences
        for (int cut : new int[] {129, 128 + 2 * 1920 + 1, all.length - 2, all.length - 1}) {
            Utf8Validation v = new Utf8Validation();
            ByteBuf buf = Unpooled.wrappedBuffer(all);
            assertThat(v.update(buf, 0, cut) && v.update(buf, cut, all.length) && v.finish()).isTrue();
        }
    }
}
