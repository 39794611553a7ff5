package dev.weft.node.overlay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.weft.client.GroupMessage;
import dev.weft.client.WeftGroup;
import dev.weft.client.WeftNetwork;
import dev.weft.node.testing.Cli;
import dev.weft.node.testing.TestNode;
import dev.weft.overlay.Identity;
import dev.weft.overlay.Signatures;
import dev.weft.node.testing.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real nodes in this JVM linked with --peer, and Java weft-client peers over WebSocket. */
class OverlayNodeTest {
    @Test
    void nodesJoinedWithPeerFormOneNetworkAndJavaClientsShareAGroup() throws Exception {
        try (OverlayNodes nodes = new OverlayNodes()) {
            TestNode a = nodes.start();
            TestNode b = nodes.start(a);
            TestNode c = nodes.start(b);
            OverlayNodes.await("b linked to a and c", () -> OverlayNodes.network(b).get("links").size() == 2);
            JsonNode netA = OverlayNodes.network(a);
            assertThat(Identity.isValidId(netA.get("id").asText())).as(netA.get("id").asText()).isTrue();
            assertThat(netA.get("dhtSize").asInt()).isZero();
            assertThat(netA.get("groups").get("/").size()).isEqualTo(1);
            OverlayNodes.await("c knows a", () -> OverlayNodes.network(c).get("knownNodes").toString().contains(":" + a.port() + "/"));

            List<WeftNetwork> clients = new ArrayList<>();
            List<List<GroupMessage>> inbox = new ArrayList<>();
            List<WeftGroup> groups = new ArrayList<>();
            for (TestNode n : List.of(a, b, c)) {
                WeftNetwork net = WeftNetwork.join(List.of(OverlayNodes.url(n))).get(10, TimeUnit.SECONDS);
                clients.add(net);
                WeftGroup g = net.group("java-room").get(10, TimeUnit.SECONDS);
                List<GroupMessage> got = new CopyOnWriteArrayList<>();
                g.onMessage(got::add);
                groups.add(g);
                inbox.add(got);
            }
            // Each client's node joined the group on its behalf; the nodes found each other by route-group.
            OverlayNodes.await("the nodes link up in java-room", () -> {
                int total = 0;
                for (TestNode n : List.of(a, b, c)) {
                    System.out.println(OverlayNodes.network(n));
                    JsonNode g = OverlayNodes.network(n).get("groups").get("java-room");
                    total += g == null ? 0 : g.size();
                }
                return total >= 3 + 4; // each node has its client; a-b-c chain at least
            });
            groups.get(0).broadcast("chat", TextNode.valueOf("hi from a")).get(5, TimeUnit.SECONDS);
            OverlayNodes.await("both other clients got it", () -> inbox.get(1).size() == 1 && inbox.get(2).size() == 1);
            Thread.sleep(300);
            assertThat(inbox.get(0)).isEmpty();
            assertThat(inbox.get(1)).hasSize(1);
            assertThat(inbox.get(2).get(0).payload().asText()).isEqualTo("hi from a");
            assertThat(inbox.get(2).get(0).from()).isEqualTo(clients.get(0).id());
            clients.forEach(WeftNetwork::close);
        }
    }

    @Test
    void knownNodesAreKeptInAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("known.txt");
        try (OverlayNodes nodes = new OverlayNodes()) {
            TestNode a = nodes.start();
            TestNode b = TestNode.startOn(OverlayNodes.freePort(), x -> x.extension(OverlaySettings.class,
                    new OverlaySettings(List.of(OverlayNodes.url(a)), null, file)));
            nodes.nodes.add(b);
            OverlayNodes.await("file written", () -> Files.exists(file));
            assertThat(Files.readAllLines(file)).contains(OverlayNodes.url(a));
        }
    }

    @Test
    void malformedOverlayMessagesGetErrorsAndTheNodeKeepsServing() throws Exception {
        try (OverlayNodes nodes = new OverlayNodes()) {
            TestNode n = nodes.start();
            try (WsClient ws = WsClient.connect(n.ws("/overlay"))) {
                ws.send("{not json");
                assertThat(ws.nextText()).contains("\"code\":\"INVALID_JSON\"");
                ws.send("{\"type\":\"hello\",\"body\":{\"id\":\"t1\",\"kind\":\"client\"}}");
                assertThat(ws.nextText()).contains("\"code\":\"INVALID_ID\"");
                Identity t1 = Identity.forName("t1");
                ws.send("{\"type\":\"hello\",\"body\":{\"id\":\"" + t1.id() + "\",\"kind\":\"client\",\"nonce\":\"AAAAAAAAAAAAAAAAAAAAAA\"}}");
                assertThat(ws.nextText()).contains("\"type\":\"hello\"");
                assertThat(ws.nextText()).contains("\"type\":\"auth\"");
                ws.send("{\"type\":\"leave\",\"group\":\"early\"}");
                assertThat(ws.nextText()).contains("\"code\":\"AUTH_REQUIRED\"");
            }
            try (WsClient ws = WsClient.connect(n.ws("/overlay"))) {
                Identity t1 = Identity.forName("t1");
                ws.send("{\"type\":\"hello\",\"body\":{\"id\":\"" + t1.id() + "\",\"kind\":\"client\",\"nonce\":\"AAAAAAAAAAAAAAAAAAAAAA\"}}");
                String hello = ws.nextText();
                String nonce = hello.replaceAll(".*\"nonce\":\"([^\"]+)\".*", "$1");
                String nodeId = hello.replaceAll(".*\"body\":\\{\"id\":\"([^\"]+)\".*", "$1");
                assertThat(ws.nextText()).contains("\"type\":\"auth\"");
                ws.send("{\"type\":\"auth\",\"body\":{\"sig\":\"" + t1.sign(Signatures.authText(nonce, t1.id(), nodeId)) + "\"}}");
                ws.send("{\"type\":\"route\",\"id\":\"r1\",\"ttl\":3,\"group\":\"/\",\"body\":{\"group\":\"nobody-here\"}}");
                assertThat(ws.nextText()).contains("\"type\":\"route-none\"").contains("\"re\":\"r1\"");
                ws.send("{\"type\":\"bcast\",\"id\":\"b1\",\"from\":\"" + t1.id() + "\",\"group\":\"/\",\"body\":{\"term\":\"x\"}}");
                assertThat(ws.nextText()).contains("NOT_IN_GROUP");
            }
            assertThat(OverlayNodes.network(n).get("links").size()).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aKeyFileKeepsTheNodeIdAcrossRestarts(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("keys/node.key");
        String first;
        try (OverlayNodes nodes = new OverlayNodes()) {
            TestNode a = TestNode.startOn(OverlayNodes.freePort(), x -> x.extension(OverlaySettings.class,
                    OverlaySettings.defaults().withIdentity(NodeKeyFile.loadOrCreate(key))));
            nodes.nodes.add(a);
            first = OverlayNodes.network(a).get("id").asText();
        }
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(java.nio.file.Files.getPosixFilePermissions(key))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        try (OverlayNodes nodes = new OverlayNodes()) {
            TestNode b = TestNode.startOn(OverlayNodes.freePort(), x -> x.extension(OverlaySettings.class,
                    OverlaySettings.defaults().withIdentity(NodeKeyFile.loadOrCreate(key))));
            nodes.nodes.add(b);
            assertThat(OverlayNodes.network(b).get("id").asText()).isEqualTo(first);
        }
        assertThat(first).isEqualTo(Identity.fromPem(Files.readString(key)).id());
    }

    @Test
    void aBadKeyFileIsRefusedWithAClearError(@TempDir Path dir) throws Exception {
        Path garbage = dir.resolve("garbage.key");
        Files.writeString(garbage, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Cli.assertRejected("--port", "0", "--key-file", garbage.toString());
        assertThat(Cli.run("--port", "0", "--key-file", garbage.toString()).err())
                .contains("--key-file").contains("not an Ed25519 PKCS#8 PEM private key");
        Path notPem = dir.resolve("text.key");
        Files.writeString(notPem, "hello");
        Cli.assertRejected("--port", "0", "--key-file", notPem.toString());
        Path isDir = dir.resolve("adir");
        Files.createDirectories(isDir);
        Cli.assertRejected("--port", "0", "--key-file", isDir.toString());
    }

    @Test
    void groupMembersAdvertiseInTheDhtOfRealNodes() throws Exception {
        try (OverlayNodes nodes = new OverlayNodes()) {
            TestNode a = nodes.start();
            TestNode b = nodes.start(a);
            TestNode c = nodes.start(b);
            OverlayNodes.await("b linked to a and c", () -> OverlayNodes.network(b).get("links").size() == 2);
            List<WeftNetwork> clients = new ArrayList<>();
            for (TestNode n : List.of(a, b, c)) {
                WeftNetwork net = WeftNetwork.join(List.of(OverlayNodes.url(n))).get(10, TimeUnit.SECONDS);
                net.group("adverts").get(10, TimeUnit.SECONDS);
                clients.add(net);
            }
            // each member (the clients' nodes and, through them, the clients) puts a signed record under the
            // group key at the k closest nodes: with 3 nodes every node stores every record
            OverlayNodes.await("records stored", () -> {
                int total = 0;
                for (TestNode n : List.of(a, b, c)) {
                    total += OverlayNodes.network(n).get("dhtSize").asInt();
                }
                return total >= 3 * 3;
            });
            clients.forEach(WeftNetwork::close);
        }
    }
}
