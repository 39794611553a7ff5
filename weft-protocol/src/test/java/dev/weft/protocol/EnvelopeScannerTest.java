package dev.weft.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scanner is a fast path only: whatever it returns must be exactly what {@link ClientMessageReader} reads
 * from the same frame, and everything else must be left to the reader (null).
 */
class EnvelopeScannerTest {
    private final EnvelopeScanner scanner = new EnvelopeScanner();
    private final ClientMessageReader reader = new ClientMessageReader(java.util.Set.of("lobby-watch"));

    @Test
    void readsTheUsualRelayMessagesAsTheReaderDoes() throws ProtocolException {
        String[] frames = {
            "{\"type\":\"offer\",\"to\":\"bob\",\"payload\":{\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\",\"n\":[1,-2.5e3,true,false,null]}}",
            "{\"type\":\"candidate\",\"to\":\"bob-1234\",\"payload\":{\"c\":\"candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host\"},\"ref\":\"c.17\"}",
            " { \"ref\" : \"a:b_c-d.e\" , \"to\" : \"B_0\" , \"type\" : \"answer\" , \"payload\" : [ ] } \r\n",
            "{\"type\":\"signal\",\"to\":\"x\"}",
            "{\"type\":\"signal\",\"to\":\"x\",\"payload\":\"just a string with \\\"quotes\\\" and \\u00e9\"}",
            "{\"type\":\"signal\",\"to\":\"x\",\"payload\":0}",
            "{\"type\":\"signal\",\"to\":\"x\",\"payload\":-0.5E+10,\"extra\":{\"deep\":[[[{}]]]}}",
            "{\"type\":\"signal\",\"to\":\"x\",\"payload\":null}",
            "{\"type\":\"signal\",\"to\":\"x\",\"payload\":true}",
            "{\"type\":\"offer\",\"to\":\"" + "a".repeat(64) + "\",\"payload\":{}}",
            "{\"type\":\"offer\",\"to\":\"bob\",\"payload\":" + "[".repeat(29) + "]".repeat(29) + "}",
        };
        for (String f : frames) {
            byte[] b = f.getBytes(StandardCharsets.UTF_8);
            assertThat(scanner.scanRelay(b, 0, b.length)).as(f).isNotNull();
            assertSameAsReader(b, 0, b.length);
        }
    }

    @Test
    void leavesEverythingElseToTheReader() {
        String[] frames = {
            "{\"type\":\"register\",\"id\":\"alice\"}",
            "{\"type\":\"ping\"}",
            "{\"type\":\"lobby-watch\",\"to\":\"x\"}",
            "{\"type\":\"offer\",\"to\":\"bob\",\"from\":\"mallory\"}",
            "{\"type\":\"offer\",\"to\":\"bob\",\"id\":\"x\"}",
            "{\"type\":\"offer\",\"to\":\"bob\",\"token\":\"x\"}",
            "{\"type\":\"offer\",\"to\":\"b\\u006fb\"}",
            "{\"type\":\"offer\",\"t\\u006f\":\"bob\"}",
            "{\"type\":\"offer\",\"to\":\"bob\",\"to\":\"eve\"}",
            "{\"type\":\"offer\",\"to\":\"bob\",\"payload\":1,\"payload\":2}",
            "{\"type\":\"offer\",\"type\":\"answer\",\"to\":\"bob\"}",
            "{\"type\":\"offer\",\"to\":\"_bob\"}",
            "{\"type\":\"offer\",\"to\":\"" + "a".repeat(65) + "\"}",
            "{\"type\":\"offer\",\"to\":7}",
            "{\"type\":\"offer\"}",
            "{\"to\":\"bob\"}",
            "{\"type\":\"offer\",\"to\":\"bob\",\"ref\":\"\"}",
            "{\"type\":\"offer\",\"to\":\"bob\",\"ref\":\"a b\"}",
            "{\"type\":\"offer\",\"to\":\"bob\",\"payload\":\"caf\u00e9\"}",
            "{\"type\":\"offer\",\"to\":\"bob\",\"payload\":01}",
            "{\"type\":\"offer\",\"to\":\"bob\",\"payload\":1.}",
            "{\"type\":\"offer\",\"to\":\"bob\",\"payload\":" + "1".repeat(40) + "}",
            "{\"type\":\"offer\",\"to\":\"bob\",\"payload\":tru}",
            "{\"type\":\"offer\",\"to\":\"bob\",\"payload\":truex}",
            "{\"type\":\"offer\",\"to\":\"bob\",\"payload\":[1,]}",
            "{\"type\":\"offer\",\"to\":\"bob\",\"payload\":{\"a\":1,}}",
            "{\"type\":\"offer\",\"to\":\"bob\",\"payload\":\"a\\x\"}",
            "{\"type\":\"offer\",\"to\":\"bob\",\"payload\":\"tab\there\"}",
            "{\"type\":\"offer\",\"to\":\"bob\",\"payload\":" + "[".repeat(40) + "]".repeat(40) + "}",
            "{\"type\":\"offer\",\"to\":\"bob\"} {}",
            "{\"type\":\"offer\",\"to\":\"bob\"",
            "\uFEFF{\"type\":\"offer\",\"to\":\"bob\"}",
            "[{\"type\":\"offer\",\"to\":\"bob\"}]",
            "{}",
            "",
        };
        for (String f : frames) {
            byte[] b = f.getBytes(StandardCharsets.UTF_8);
            assertThat(scanner.scanRelay(b, 0, b.length)).as(f).isNull();
        }
    }

    @Test
    void onMutatedFramesItNeverDisagreesWithTheReader() throws ProtocolException {
        Random r = new Random(20261204);
        List<byte[]> seeds = ReaderFuzzTest.seeds();
        int fast = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] seed = seeds.get(r.nextInt(seeds.size()));
            byte[] frame = r.nextInt(5) == 0 ? seed : ReaderFuzzTest.mutate(seed, r);
            // Put the frame inside a larger array, as the node's scratch buffer holds it.
            byte[] padded = new byte[frame.length + 8];
            System.arraycopy(frame, 0, padded, 3, frame.length);
            if (assertSameAsReader(padded, 3, frame.length)) {
                fast++;
            }
        }
        // The seeds include many relays, and a fifth of the cases are unmutated: the fast path must be used.
        assertThat(fast).isGreaterThan(5_000);
    }

    @Test
    void seesEveryByteOfAStringWhateverItsPlaceInAnEightByteWord() throws ProtocolException {
        byte[] ordinary = {' ', '!', '#', '[', ']', '~', 0x7f, 'a', 'Z'};
        byte[] special = {'"', '\\', 0x00, 0x0a, 0x1f, (byte) 0x80, (byte) 0xc3, (byte) 0xff};
        byte[] head = "{\"type\":\"offer\",\"to\":\"bob\",\"payload\":\"".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\"}".getBytes(StandardCharsets.US_ASCII);
        for (int shift = 0; shift < 8; shift++) {
            for (int len = 1; len <= 40; len++) {
                for (int at = 0; at < len; at++) {
                    for (byte[] set : new byte[][] {ordinary, special}) {
                        for (byte c : set) {
                            byte[] frame = new byte[shift + head.length + len + tail.length];
                            System.arraycopy(head, 0, frame, shift, head.length);
                            java.util.Arrays.fill(frame, shift + head.length, shift + head.length + len, (byte) 'a');
                            frame[shift + head.length + at] = c;
                            System.arraycopy(tail, 0, frame, shift + head.length + len, tail.length);
                            int length = frame.length - shift;
                            if (set == ordinary) {
                                assertThat(assertSameAsReader(frame, shift, length)).as("byte %02x at %d of %d", c, at, len)
                                        .isTrue();
                            } else {
                                assertThat(scanner.scanRelay(frame, shift, length))
                                        .as("byte %02x at %d of %d", c, at, len).isNull();
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void aRelayToAKnownPeerAllocatesNothing() {
        byte[] frame = ("{\"type\":\"candidate\",\"to\":\"bob-1234\",\"payload\":{\"sid\":\"k2\",\"rsid\":null,"
                + "\"c\":\"candidate:1 1 udp 2122260223 127.0.0.1 5000 typ host\"},\"ref\":\"c.17\"}")
                .getBytes(StandardCharsets.US_ASCII);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            scanner.scanRelay(frame, 0, frame.length);
        }
        long before = threads.getThreadAllocatedBytes(id);
        int payloadBytes = 0;
        for (int i = 0; i < n; i++) {
            payloadBytes += scanner.scanRelay(frame, 0, frame.length).payloadLength();
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertThat(payloadBytes).isPositive();
        // A String for the id or a parser per message would be >= 40 B each, i.e. >= 800 KB here.
        assertThat(allocated).as("bytes allocated by %d scans", n).isLessThan(n);
    }

    /** Asserts the scanner either leaves the frame to the reader or reads exactly what it does; true if fast. */
    private boolean assertSameAsReader(byte[] b, int offset, int length) throws ProtocolException {
        RelayEnvelope fast = scanner.scanRelay(b, offset, length);
        if (fast == null) {
            return false;
        }
        String frame = new String(b, offset, length, StandardCharsets.ISO_8859_1);
        ClientMessage m = reader.read(b, offset, length); // must not throw: the scanner accepted it
        assertThat(m).as(frame).isInstanceOf(ClientMessage.Relay.class);
        ClientMessage.Relay relay = (ClientMessage.Relay) m;
        assertThat(fast.type()).as(frame).isEqualTo(relay.type());
        assertThat(fast.to()).as(frame).isEqualTo(relay.to());
        assertThat(fast.ref()).as(frame).isEqualTo(relay.ref());
        assertThat(fast.payloadLength()).as(frame).isEqualTo(relay.payloadLength());
        if (relay.payloadLength() > 0) {
            assertThat(fast.payloadOffset()).as(frame).isEqualTo(relay.payloadOffset());
        }
        assertThat(fast.frame()).isSameAs(b);
        return true;
    }
}
