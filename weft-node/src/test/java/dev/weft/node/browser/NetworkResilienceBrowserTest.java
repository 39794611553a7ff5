package dev.weft.node.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.weft.node.testing.Await;
import dev.weft.node.testing.Chromium;
import dev.weft.node.testing.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5 in real Chromium (docs/overlay.md, "weft.js"): key-derived ids kept across a reload, signed
 * broadcasts (forged or altered ones dropped by every receiver), peer scoring (a flooding or garbage-sending
 * page is disconnected and banned while the others keep full delivery), a group cut in two healing by
 * itself, and a page whose neighbours all leave finding members again through the DHT. Misbehaviour is
 * injected from page.evaluate through the page's overlay object ({@code net._overlay}).
 */
class NetworkResilienceBrowserTest {
    private static Chromium chromium;
    private final List<TestNode> nodes = new ArrayList<>();
    private final List<Page> pages = new ArrayList<>();

    @BeforeAll
    static void launch() {
        chromium = Chromium.launch();
    }

    @AfterAll
    static void quit() {
        chromium.close();
    }

    @AfterEach
    void stop() {
        pages.forEach(Chromium::closePage);
        nodes.forEach(TestNode::close);
    }

    /** A page's neighbours once they stayed the same for a second (at most 10 s). */
    @SuppressWarnings("unchecked")
    private static List<String> neighboursOnceSettled(Page p) throws InterruptedException {
        List<String> now = (List<String>) p.evaluate("() => g.neighbors");
        for (int i = 0; i < 10; i++) {
            Thread.sleep(1000);
            List<String> later = (List<String>) p.evaluate("() => g.neighbors");
            if (later.equals(now)) {
                break;
            }
            now = later;
        }
        return now;
    }

    private void startNodes(int n) throws InterruptedException {
        OverlayBrowserTest.startChain(nodes, n);
    }

    private Page page(TestNode node) {
        Page p = chromium.page(node.http() + "/");
        pages.add(p);
        return p;
    }

    private static String join(Page p, String group) {
        return (String) p.evaluate(OverlayBrowserTest.JOIN, Map.of("group", group == null ? "" : group));
    }

    private static int num(Page p, String js) {
        return ((Number) p.evaluate(js)).intValue();
    }

    private static void await(String what, BooleanSupplier check) {
        Await.until(what, Duration.ofSeconds(40), Duration.ofMillis(200), check);
    }

    /** Makes a page refuse the given ids as group neighbours (both ways) while window.blocked holds them. */
    static final String BLOCK = """
            (ids) => {
              window.blocked = new Set(ids);
              const gr = net._overlay.groups;
              const onJoin = gr.onJoin.bind(gr), request = gr._requestJoin.bind(gr);
              gr.onJoin = (pl, e) => {
                if (blocked.has(pl.peer.id)) return net._overlay._error(pl, e.id, 'GROUP_FULL', 'partitioned');
                return onJoin(pl, e);
              };
              gr._requestJoin = (s, pl) => blocked.has(pl.peer.id) ? Promise.reject(new Error('partitioned')) : request(s, pl);
            }""";

    private List<String> group(int pageCount, int nodeCount, int minNeighbours) throws InterruptedException {
        startNodes(nodeCount);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < pageCount; i++) {
            ids.add(join(page(nodes.get(i % nodeCount)), "room"));
        }
        await("every page has " + minNeighbours + "+ neighbours", () ->
                pages.stream().allMatch(p -> num(p, "() => g.neighbors.length") >= minNeighbours));
        return ids;
    }

    private static String msgs(Page p) {
        return p.evaluate("() => log.msgs").toString();
    }

    /** `from` broadcasts `text`; every page in `receivers` gets it exactly once. */
    private void deliveredOnce(Page from, List<Page> receivers, String text) throws InterruptedException {
        from.evaluate("(t) => g.broadcast('chat', {text: t})", text);
        await("everyone got " + text, () -> receivers.stream().allMatch(p -> msgs(p).contains(text)));
        Thread.sleep(500);
        for (Page p : receivers) {
            @SuppressWarnings("unchecked")
            List<String> got = (List<String>) p.evaluate("() => log.msgs");
            assertThat(got.stream().filter(m -> m.contains("\"" + text + "\"")).count()).as("copies of " + text).isEqualTo(1);
        }
    }

    @Test
    void aReloadedPageKeepsItsKeyDerivedId() throws Exception {
        startNodes(1);
        Page p = page(nodes.get(0));
        String id = join(p, null);
        assertThat(id).matches("[a-z2-7]{52}");
        assertThat(p.evaluate("() => net._overlay.identity.store")).isEqualTo("indexeddb");
        p.reload();
        assertThat(join(p, null)).isEqualTo(id);
        p.reload();
        assertThat(join(p, null)).isEqualTo(id);
        // Another page (its own storage) has another id; the node saw the proof of both keys.
        Page other = page(nodes.get(0));
        assertThat(join(other, null)).matches("[a-z2-7]{52}").isNotEqualTo(id);
        await("the node lists both pages", () -> num(p, "() => net.links.length") >= 1
                && num(other, "() => net.links.length") >= 1);
    }

    @Test
    void aForgedOrAlteredBroadcastIsDroppedByEveryReceiver() throws Exception {
        List<String> ids = group(4, 2, 3);
        Page victim = pages.get(0);
        Page evil = pages.get(3);
        // Altered on the way: the victim's real signed broadcast (never sent as such) with its text changed.
        Object real = victim.evaluate("""
                () => net._overlay.sign({ type: 'bcast', id: 'realone1', from: net.id, group: 'room',
                                          body: { term: 'chat', payload: { text: 'original' } } })""");
        Object sent = evil.evaluate("""
                async ({ victim, real }) => {
                  const o = net._overlay;
                  const forged = await o.sign({ type: 'bcast', id: 'forged01', from: victim, group: 'room',
                                               body: { term: 'chat', payload: { text: 'forged' } } });
                  const altered = { ...real, body: { ...real.body, payload: { text: 'altered' } } };
                  const unsigned = { type: 'bcast', id: 'unsigned1', from: victim, group: 'room',
                                     body: { term: 'chat', payload: { text: 'unsigned' } } };
                  const n = o.neighbors('room');
                  for (const id of n) {
                    const pl = o.peers.get(id);
                    o.send(pl, forged); o.send(pl, altered); o.send(pl, unsigned);
                  }
                  return n.length;
                }""", Map.of("victim", ids.get(0), "real", real));
        assertThat(((Number) sent).intValue()).isEqualTo(3);
        Thread.sleep(3000);
        for (Page p : pages) {
            assertThat(msgs(p)).doesNotContain("forged").doesNotContain("altered").doesNotContain("original")
                    .doesNotContain("unsigned");
        }
        // Each receiver that got the forgeries from evil penalised it (2 bad signatures = -100 or less)...
        for (int i = 0; i < 3; i++) {
            Object s = pages.get(i).evaluate("(id) => { const pl = net._overlay.peers.get(id); "
                    + "return pl ? net._overlay.scores.score(pl) : (net._overlay.scores.banned(id) ? -1000 : 0); }", ids.get(3));
            assertThat(((Number) s).doubleValue()).as("page " + i + "'s score of the forger").isLessThanOrEqualTo(-95);
        }
        // ... and real broadcasts still reach every member once.
        deliveredOnce(pages.get(1), List.of(pages.get(0), pages.get(2)), "genuine");
    }

    @Test
    void aFloodingPageAndAGarbagePageAreDisconnectedWhileTheGroupKeepsFullDelivery() throws Exception {
        List<String> ids = group(5, 2, 3);
        Page flooder = pages.get(3);
        Page junk = pages.get(4);
        flooder.evaluate("""
                () => { const o = net._overlay;
                  for (const pl of o.peers.values()) for (let i = 0; i < 1500; i++) pl.link.send('{"type":"leave","group":"nothing"}'); }""");
        junk.evaluate("""
                () => { const o = net._overlay;
                  for (const pl of o.peers.values()) for (let i = 0; i < 20; i++) pl.link.send('{"type":"join","group":"/"}'); }""");
        List<Page> rest = pages.subList(0, 3);
        await("the others banned both and dropped their links", () -> rest.stream().allMatch(p ->
                (Boolean) p.evaluate("(bad) => bad.every((id) => net._overlay.scores.banned(id) || !net._overlay.peers.has(id))"
                        + " && bad.every((id) => !net._overlay.peers.has(id))", List.of(ids.get(3), ids.get(4)))));
        long banned = rest.stream().filter(p -> (Boolean) p.evaluate("(bad) => bad.some((id) => net._overlay.scores.banned(id))",
                List.of(ids.get(3), ids.get(4)))).count();
        assertThat(banned).as("pages that banned a misbehaving neighbour").isGreaterThanOrEqualTo(1);
        await("the rest is a group of 3 again", () -> rest.stream().allMatch(p -> num(p, "() => g.neighbors.length") >= 2));
        deliveredOnce(rest.get(0), List.of(rest.get(1), rest.get(2)), "still-here");
        deliveredOnce(rest.get(2), List.of(rest.get(0), rest.get(1)), "still-here-2");
        Thread.sleep(2000);
        // Bans are local (each page judges what it received): a page that banned a misbehaving page does not take
        // it back as a neighbour; a page that never heard from it may link to it later (e.g. by DHT repair).
        for (Page p : rest) {
            assertThat((Boolean) p.evaluate("(bad) => bad.some((id) => net._overlay.scores.banned(id) && g.neighbors.includes(id))",
                    List.of(ids.get(3), ids.get(4))))
                    .as("a page it banned is not a neighbour again").isFalse();
        }
    }

    @Test
    void aGroupCutInTwoHealsByItself() throws Exception {
        List<String> ids = group(6, 2, 3);
        List<String> a = ids.subList(0, 3);
        List<String> b = ids.subList(3, 6);
        // A partition: first every page refuses the other half as a group neighbour (so the cut cannot be
        // undone while it is being made), then every link between the halves is closed.
        for (int i = 0; i < 6; i++) {
            pages.get(i).evaluate(BLOCK, i < 3 ? b : a);
        }
        for (int i = 0; i < 6; i++) {
            pages.get(i).evaluate("(other) => { for (const id of other) net._overlay.peers.get(id)?.link.close(); }", i < 3 ? b : a);
        }
        await("the halves are cut apart", () -> {
            for (int i = 0; i < 6; i++) {
                List<String> other = i < 3 ? b : a;
                if ((Boolean) pages.get(i).evaluate("(other) => other.some((id) => g.neighbors.includes(id))", other)) {
                    return false;
                }
            }
            return true;
        });
        Thread.sleep(3000);
        for (int i = 0; i < 6; i++) {
            assertThat((Boolean) pages.get(i).evaluate("(other) => other.some((id) => g.neighbors.includes(id))", i < 3 ? b : a))
                    .as("page " + i + " is cut off from the other half").isFalse();
        }
        // The partition ends; nobody is told: the group must find its other half by itself.
        for (Page p : pages) {
            p.evaluate("() => { window.blocked = new Set(); }");
        }
        await("the group is whole again", () -> {
            for (int i = 0; i < 3; i++) {
                if (!(Boolean) pages.get(i).evaluate("(other) => other.some((id) => g.neighbors.includes(id))", b)) {
                    continue;
                }
                return true;
            }
            return false;
        });
        Thread.sleep(1000);
        deliveredOnce(pages.get(0), pages.subList(1, 6), "healed");
        deliveredOnce(pages.get(5), pages.subList(0, 5), "healed-back");
    }

    @Test
    void aPageWhoseNeighboursAllLeaveFindsMembersThroughTheDht() throws Exception {
        List<String> ids = group(6, 2, 3);
        // x: the page with the fewest neighbours; its route search over "/" is switched off, so only the
        // DHT's records can lead it back to the group.
        int x = 0;
        for (int i = 1; i < 6; i++) {
            if (num(pages.get(i), "() => g.neighbors.length") < num(pages.get(x), "() => g.neighbors.length")) {
                x = i;
            }
        }
        Page px = pages.get(x);
        // x neither searches nor answers route queries, so only the DHT's records can bring it back (x reads
        // them, or a member reads x's record); every page records the members it linked to from a record.
        for (Page p : pages) {
            p.evaluate("""
                    () => { const o = net._overlay; window.viaDht = [];
                      const linkTo = o.dht.linkTo.bind(o.dht);
                      o.dht.linkTo = async (r) => { const pl = await linkTo(r); viaDht.push(r.peer); return pl; }; }""");
        }
        px.evaluate("() => { net._overlay.routing.find = async () => []; net._overlay.groups.answersFor = () => false; }");
        // No page tops up its neighbours from another member's neighbour list: that list names x while x's
        // neighbours are still there, and a link made from it would bring x back without the DHT.
        for (Page p : pages) {
            p.evaluate("() => { net._overlay.groups._findMore = async () => {}; }");
        }
        // Joins already under way settle first, so "x's neighbours" is the set that will leave.
        List<String> gone = neighboursOnceSettled(px);
        List<Page> live = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            if (gone.contains(ids.get(i))) {
                pages.get(i).evaluate("() => net.close()"); // leaves: its links close at once
                Chromium.closePage(pages.get(i));
            } else if (i != x) {
                live.add(pages.get(i));
            }
        }
        pages.removeIf(p -> p.isClosed());
        assertThat(live).as("members that stay").isNotEmpty();
        await("x lost its neighbours", () -> num(px, "() => g.neighbors.length") == 0
                || !(Boolean) px.evaluate("(gone) => g.neighbors.some((id) => gone.includes(id))", gone));
        await("x has a live neighbour again", () -> num(px, "() => g.neighbors.length") >= 1);
        String xId = ids.get(x);
        @SuppressWarnings("unchecked")
        List<String> xNeighbours = (List<String>) px.evaluate("() => g.neighbors");
        boolean fromRecord = num(px, "() => viaDht.filter((id) => g.neighbors.includes(id)).length") >= 1
                || live.stream().anyMatch(p -> xNeighbours.contains((String) p.evaluate("() => net.id"))
                        && (Boolean) p.evaluate("(x) => viaDht.includes(x)", xId));
        assertThat(fromRecord).as("x and its new neighbour were linked from a DHT record").isTrue();
        Thread.sleep(1500);
        deliveredOnce(px, live, "found-again");
    }
}
