package dev.weft.node.game;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.weft.node.testing.Chromium;
import dev.weft.node.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The lobby page and the arena game in real Chromium: a game hosted in a tab, listed live, played by three tabs. */
class ArenaBrowserTest {
    private static Chromium chromium;
    private static TestNode node;
    private final List<Page> pages = new ArrayList<>();

    @BeforeAll
    static void start() {
        node = TestNode.start();
        chromium = Chromium.launch();
    }

    @AfterAll
    static void stop() {
        chromium.close();
        node.close();
    }

    @AfterEach
    void closePages() {
        pages.forEach(Chromium::closePage);
        pages.clear();
    }

    private Page open(String path) {
        Page p = chromium.page(node.http() + path);
        pages.add(p);
        return p;
    }

    private static void waitFor(Page p, String condition) {
        p.waitForFunction(condition, null, new Page.WaitForFunctionOptions().setTimeout(15000));
    }

    private Page host(String name) {
        Page h = open("/arena/");
        h.getByTestId("player-name").fill(name);
        h.getByTestId("host").click();
        waitFor(h, "window.arena.entry !== null && window.arena.publishedAt !== null");
        return h;
    }

    private Page join(String name, String hostId) {
        Page p = open("/arena/");
        p.getByTestId("player-name").fill(name);
        p.getByTestId("host-id").fill(hostId);
        p.getByTestId("join").click();
        return p;
    }

    private static Locator row(Page lobby, String hostId) {
        return lobby.locator("tr[data-host='" + hostId + "']");
    }

    @Test
    void theLobbyListsAHostedGameWithinASecondCountsItsPlayersAndDropsItWhenTheHostTabCloses() {
        Page lobby = open("/lobby/");
        waitFor(lobby, "document.querySelector('[data-testid=status]').textContent.includes('game')");
        Page host = host("Hana");
        String hostId = (String) host.evaluate("arena.id");
        String entryId = (String) host.evaluate("arena.entry.id");
        waitFor(lobby, "window.lobbySeen['" + entryId + "'] !== undefined");
        long published = ((Number) host.evaluate("arena.publishedAt")).longValue();
        long seen = ((Number) lobby.evaluate("lobbySeen['" + entryId + "']")).longValue();
        assertThat(seen - published).as("ms from publish to the lobby row").isLessThan(1000);
        Locator r = row(lobby, hostId);
        assertThat(r.getByTestId("server-name").textContent()).isEqualTo("Hana's arena");
        assertThat(r.getByTestId("server-map").textContent()).isEqualTo("dm1");
        assertThat(r.getByTestId("server-players").textContent()).isEqualTo("1/8");
        assertThat(r.getByTestId("server-region").textContent())
                .isEqualTo(host.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone.split('/')[0]"));
        // latency is measured from this page to the host over the socket API: loopback is Good
        waitFor(lobby, "document.querySelector(\"tr[data-host='" + hostId + "'] [data-testid=server-latency]\").textContent.startsWith('Good')");
        assertThat(r.getByTestId("server-latency").getAttribute("class")).isEqualTo("good");

        // a second visitor clicks the row and joins the game
        Page visitor = open("/lobby/");
        waitFor(visitor, "document.querySelector(\"tr[data-host='" + hostId + "']\") !== null");
        row(visitor, hostId).click();
        visitor.waitForURL("**/arena/?join=" + hostId);
        waitFor(visitor, "arena.role === 'client' && arena.snapshots > 0");
        waitFor(lobby, "document.querySelector(\"tr[data-host='" + hostId + "'] [data-testid=server-players]\").textContent === '2/8'");
        waitFor(host, "document.querySelectorAll('[data-testid=players] li').length === 2");

        // the host's tab closes: its entry leaves the lobby
        Chromium.closePage(host);
        pages.remove(host);
        waitFor(lobby, "document.querySelector(\"tr[data-host='" + hostId + "']\") === null");
        assertThat(lobby.evaluate("fetch('/api/lobby').then(r => r.json()).then(l => l.length)")).isEqualTo(0);
    }

    @Test
    void theCreateServerFormHostsAGameWithItsSettings() {
        Page lobby = open("/lobby/");
        assertThat(lobby.getByTestId("create-map").locator("option").allTextContents())
                .containsExactly("dm1", "dm2", "dm3", "dm6", "dm7", "dm8", "dm9");
        assertThat(lobby.getByTestId("create-mode").locator("option").allTextContents())
                .containsExactly("dm", "ctf", "tdm", "lms", "lts");
        assertThat(lobby.getByTestId("create-scorelimit").inputValue()).isEqualTo("20");
        assertThat(lobby.getByTestId("create-scorelimit").getAttribute("min")).isEqualTo("1");
        assertThat(lobby.getByTestId("create-timelimit").inputValue()).isEqualTo("0");
        assertThat(lobby.getByTestId("create-timelimit").getAttribute("min")).isEqualTo("0");
        lobby.getByTestId("create-name").fill("CTF night");
        lobby.getByTestId("create-map").selectOption("dm7");
        lobby.getByTestId("create-mode").selectOption("ctf");
        lobby.getByTestId("create-scorelimit").fill("5");
        lobby.getByTestId("create-server").click();
        lobby.waitForURL("**/arena/?host=1*");
        waitFor(lobby, "window.arena.entry !== null");
        Map<?, ?> entry = (Map<?, ?>) lobby.evaluate("arena.entry");
        assertThat(entry.get("name")).isEqualTo("CTF night");
        assertThat(entry.get("map")).isEqualTo("dm7");
        assertThat(entry.get("mode")).isEqualTo("ctf");
        assertThat(((Map<?, ?>) entry.get("info")).get("scoreLimit")).isEqualTo(5);
        assertThat(((Map<?, ?>) entry.get("info")).get("timeLimit")).isEqualTo(0);
    }

    @Test
    void aHostAndTwoPlayersSeeEachOthersPositionsMove() {
        Page host = host("Hana");
        String hostId = (String) host.evaluate("arena.id");
        Page pia = join("Pia", hostId);
        Page quinn = join("Quinn", hostId);
        List<Page> all = List.of(host, pia, quinn);
        for (Page p : all) {
            waitFor(p, "['Hana', 'Pia', 'Quinn'].every(n => n in arena.positions())");
        }
        assertThat(quinn.getByTestId("players").locator("li .name").allTextContents())
                .containsExactlyInAnyOrder("Hana", "Pia", "Quinn");
        String[] names = {"Hana", "Pia", "Quinn"};
        for (int i = 0; i < all.size(); i++) {
            Page mover = all.get(i);
            String name = names[i];
            List<Double> before = new ArrayList<>();
            for (Page p : all) {
                before.add(((Number) p.evaluate("arena.positions()['" + name + "'].x")).doubleValue());
            }
            mover.getByTestId("canvas").focus();
            mover.keyboard().down("ArrowRight");
            mover.waitForTimeout(500);
            mover.keyboard().up("ArrowRight");
            for (int j = 0; j < all.size(); j++) {
                waitFor(all.get(j), "arena.positions()['" + name + "'].x > " + (before.get(j) + 60));
            }
        }
        // and a jump is seen too: the host's y goes up (smaller) on the players' screens
        double y = ((Number) pia.evaluate("arena.positions()['Hana'].y")).doubleValue();
        host.keyboard().down("ArrowUp");
        waitFor(pia, "arena.positions()['Hana'].y < " + (y - 40));
        host.keyboard().up("ArrowUp");
        assertThat(pia.evaluate("arena.snapshots")).asString().isNotEqualTo("0");
    }

    /** The host's score in a tab's `players` list (its data-score), or -1 when not listed. */
    private static int listedScore(Page p, String name) {
        return ((Number) p.evaluate("(n) => { const li = [...document.querySelectorAll('[data-testid=players] li')]"
                + ".find((l) => l.querySelector('.name').textContent === n); return li ? Number(li.dataset.score) : -1; }",
                name)).intValue();
    }

    @Test
    void starsScoreAndTheRoundEndsAtTheScoreLimitFromTheCreateServerForm() {
        Page lobby = open("/lobby/");
        lobby.getByTestId("create-name").fill("Race to two");
        lobby.getByTestId("create-scorelimit").fill("2");
        lobby.getByTestId("create-server").click();
        lobby.waitForURL("**/arena/?host=1*");
        waitFor(lobby, "window.arena.entry !== null");
        Page host = lobby;
        String hostName = (String) host.evaluate("arena.playerName");
        String hostId = (String) host.evaluate("arena.id");
        Page pia = join("Pia", hostId);
        waitFor(pia, "arena.round !== null && arena.snapshots > 0 && arena.scores()['Pia'] === 0");
        assertThat(pia.getByTestId("round").textContent()).isEqualTo("Round 1 · first to 2 stars");
        assertThat(listedScore(pia, hostName)).isZero();
        assertThat(listedScore(host, "Pia")).isZero();

        // the host walks right along its platform: the first star on its way scores a point everyone sees
        host.getByTestId("canvas").focus();
        host.keyboard().down("ArrowRight");
        waitFor(pia, "arena.scores()['" + hostName + "'] >= 1");
        assertThat(listedScore(pia, hostName)).isGreaterThanOrEqualTo(1);
        // ... and, down on the ground, the second one ends the round at the score limit
        waitFor(pia, "arena.round.over");
        host.keyboard().up("ArrowRight");
        for (Page p : List.of(host, pia)) {
            waitFor(p, "arena.round.over && arena.scores()['" + hostName + "'] === 2");
            assertThat(p.evaluate("arena.round.winner")).isEqualTo(hostName);
            assertThat(p.evaluate("arena.round.reason")).isEqualTo("score");
            assertThat(p.getByTestId("round").textContent()).isEqualTo("Round 1 over: " + hostName + " wins (score limit). Next round soon.");
            assertThat(listedScore(p, hostName)).isEqualTo(2);
            assertThat(listedScore(p, "Pia")).isZero();
        }
        // a few seconds later the next round starts from zero
        pia.waitForFunction("arena.round.n === 2 && !arena.round.over && arena.scores()['" + hostName + "'] === 0", null,
                new Page.WaitForFunctionOptions().setTimeout(20000));
        waitFor(pia, "document.querySelector('[data-testid=round]').textContent === 'Round 2 · first to 2 stars'");
    }

    @Test
    void theRoundEndsAtTheTimeLimitWonByTheBestScore() {
        // a 6-second time limit (0.1 minutes: the form takes whole minutes, the URL any number), a high score limit
        Page host = open("/arena/?host=1&name=Short&scorelimit=50&timelimit=0.1");
        waitFor(host, "window.arena.entry !== null && document.querySelector('[data-testid=round]').textContent !== ''");
        assertThat(host.evaluate("arena.entry.info.timeLimit")).isEqualTo(0.1);
        assertThat(host.getByTestId("round").textContent()).matches("Round 1 · first to 50 stars · 0:0[0-6] left");
        String hostName = (String) host.evaluate("arena.playerName");
        host.getByTestId("canvas").focus();
        host.keyboard().down("ArrowRight");
        waitFor(host, "arena.scores()['" + hostName + "'] >= 1");
        host.keyboard().up("ArrowRight");
        // a player who joins now learns how the round stands, and sees it end at the time limit
        Page pia = join("Pia", (String) host.evaluate("arena.id"));
        waitFor(pia, "arena.round !== null && arena.round.over");
        assertThat(pia.evaluate("arena.round.winner")).isEqualTo(hostName);
        assertThat(pia.evaluate("arena.round.reason")).isEqualTo("time");
        assertThat(pia.getByTestId("round").textContent()).isEqualTo("Round 1 over: " + hostName + " wins (time limit). Next round soon.");
        assertThat(host.getByTestId("round").textContent()).isEqualTo("Round 1 over: " + hostName + " wins (time limit). Next round soon.");
        assertThat(((Number) host.evaluate("arena.scores()['" + hostName + "']")).intValue()).isBetween(1, 49);
    }
}
