package dev.weft.node.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Writes in a read burst reach the socket when the burst ends; writes outside one at once. */
class PendingFlushesTest {
    private final PendingFlushes flushes = PendingFlushes.current();

    @Test
    void aWriteOutsideABurstIsFlushedAtOnce() {
        EmbeddedChannel ch = new EmbeddedChannel();
        flushes.write(ch, "timer");
        assertThat((Object) ch.readOutbound()).isEqualTo("timer");
    }

    @Test
    void writesInABurstWaitForItsEndAndKeepTheirOrder() {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        flushes.begin();
        flushes.write(a, "a1");
        flushes.write(b, "b1");
        flushes.write(a, "a2");
        assertThat((Object) a.readOutbound()).isNull();
        assertThat((Object) b.readOutbound()).isNull();
        flushes.end();
        assertThat((Object) a.readOutbound()).isEqualTo("a1");
        assertThat((Object) a.readOutbound()).isEqualTo("a2");
        assertThat((Object) b.readOutbound()).isEqualTo("b1");
        // After the burst, writes go out at once again.
        flushes.write(a, "a3");
        assertThat((Object) a.readOutbound()).isEqualTo("a3");
    }

    @Test
    void aBurstToManyTargetsFlushesEarlyRatherThanGrow() {
        List<EmbeddedChannel> targets = new ArrayList<>();
        flushes.begin();
        for (int i = 0; i < 65; i++) {
            EmbeddedChannel ch = new EmbeddedChannel();
            targets.add(ch);
            flushes.write(ch, "m" + i);
        }
        // The 65th distinct target flushed the first 64; it waits for the end itself.
        assertThat((Object) targets.get(0).readOutbound()).isEqualTo("m0");
        assertThat((Object) targets.get(63).readOutbound()).isEqualTo("m63");
        assertThat((Object) targets.get(64).readOutbound()).isNull();
        flushes.end();
        assertThat((Object) targets.get(64).readOutbound()).isEqualTo("m64");
    }
}
