package dev.weft.node.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.weft.client.GroupMessage;
import dev.weft.client.WeftGroup;
import dev.weft.client.WeftNetwork;
import dev.weft.node.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Thirty Java peers (weft-client over real WebSockets) on three nodes in one group: no Chromium needed. */
class ManyJavaPeersTest {
    @Test
    void thirtyJavaPeersOnThreeNodesGetEveryBroadcastExactlyOnce() throws Exception {
        try (OverlayNodes nodes = new OverlayNodes()) {
            TestNode a = nodes.start();
            TestNode b = nodes.start(a);
            TestNode c = nodes.start(b, a);
            List<TestNode> all = List.of(a, b, c);
            OverlayNodes.await("nodes linked", () -> OverlayNodes.network(c).get("links").size() == 2);
            List<CompletableFuture<WeftNetwork>> joining = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                joining.add(WeftNetwork.join(List.of(OverlayNodes.url(all.get(i % 3)))));
            }
            List<WeftNetwork> peers = new ArrayList<>();
            for (CompletableFuture<WeftNetwork> f : joining) {
                peers.add(f.get(15, TimeUnit.SECONDS));
            }
            try {
                List<WeftGroup> groups = new ArrayList<>();
                List<List<GroupMessage>> inbox = new ArrayList<>();
                for (WeftNetwork p : peers) {
                    WeftGroup g = p.group("crowd").get(10, TimeUnit.SECONDS);
                    List<GroupMessage> got = new CopyOnWriteArrayList<>();
                    g.onMessage(got::add);
                    groups.add(g);
                    inbox.add(got);
                }
                OverlayNodes.await("the three nodes are linked in the group", () -> all.stream().allMatch(n -> {
                    var g = OverlayNodes.network(n).get("groups").get("crowd");
                    return g != null && g.size() >= 10 + 1;
                }));
                for (int k = 0; k < 3; k++) {
                    groups.get(k * 7).broadcast("chat", TextNode.valueOf("m" + k)).get(5, TimeUnit.SECONDS);
                }
                OverlayNodes.await("every peer got the others' messages", () -> {
                    for (int i = 0; i < 30; i++) {
                        int expected = (i == 0 || i == 7 || i == 14) ? 2 : 3;
                        if (inbox.get(i).size() < expected) {
                            return false;
                        }
                    }
                    return true;
                });
                Thread.sleep(500);
                for (int i = 0; i < 30; i++) {
                    int expected = (i == 0 || i == 7 || i == 14) ? 2 : 3;
                    assertThat(inbox.get(i)).as("peer " + i).hasSize(expected);
                    assertThat(inbox.get(i).stream().map(m -> m.payload().asText()).distinct().count()).isEqualTo(expected);
                }
            } finally {
                peers.forEach(WeftNetwork::close);
            }
        }
    }
}
