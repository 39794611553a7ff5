import test from 'node:test';
import assert from 'node:assert/strict';
import { Overlay } from '../src/overlay/overlay.js';
import { decode, OverlayError } from '../src/overlay/envelope.js';

/** A virtual clock: tasks run when the test advances time. */
class ManualClock {
  constructor() { this.t = 0; this.q = []; this.seq = 0; }
  now() { return this.t; }
  schedule(ms, fn) {
    const task = { at: this.t + ms, seq: this.seq++, fn, off: false };
    this.q.push(task);
    return () => { task.off = true; };
  }
  async advance(ms) {
    const until = this.t + ms;
    for (;;) {
      this.q.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.q[0];
      if (!next || next.at > until) break;
      this.q.shift();
      this.t = next.at;
      if (!next.off) next.fn();
      await Promise.resolve(); await Promise.resolve(); await Promise.resolve();
    }
    this.t = until;
  }
}

/** In-memory links; nodes dialed by URL, browsers linked through a relayed 'pipe' handshake. */
function memoryNet(seed = 1) {
  const clock = new ManualClock();
  let s = seed;
  const random = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const byUrl = new Map();
  const byId = new Map();
  const pipe = (a, b, url) => {
    const st = { closed: false };
    const end = (owner, other, outbound) => ({
      outbound, url: outbound ? url : null,
      send: (text) => { if (!st.closed) clock.schedule(1, () => { if (!st.closed) other().o.received(other().link, text); }); },
      close: () => {
        if (st.closed) return;
        st.closed = true;
        clock.schedule(0, () => owner.linkClosed(ea.link));
        clock.schedule(1, () => other().o.linkClosed(other().link));
      },
    });
    const ea = { o: a }; const eb = { o: b };
    ea.link = end(a, () => eb, true); eb.link = end(b, () => ea, false);
    // fix close for side b
    eb.link.close = () => {
      if (st.closed) return;
      st.closed = true;
      clock.schedule(0, () => b.linkClosed(eb.link));
      clock.schedule(1, () => a.linkClosed(ea.link));
    };
    b.linkOpened(eb.link);
    a.linkOpened(ea.link);
  };
  const inbox = new Map();
  return {
    clock, byId, inbox,
    add(id, kind, boot) {
      const url = kind === 'node' ? `ws://${id}.mem/overlay` : undefined;
      const got = [];
      inbox.set(id, got);
      const o = new Overlay({
        self: url ? { id, kind, url } : { id, kind }, bootstrap: boot.map((n) => `ws://${n}.mem/overlay`), clock, random,
        dialer: (u) => clock.schedule(1, () => (byUrl.get(u) ? pipe(o, byUrl.get(u), u) : o.dialFailed(u, 'refused'))),
        events: { message: (g, from, term, payload) => got.push(`${g}|${from}|${term}|${JSON.stringify(payload)}`) },
      });
      o.relay.connector = (target, route) => o.signal(target.id, route, { kind: 'pipe-offer' });
      o.relay.handler = (from, back, body) => {
        if (body.kind === 'pipe-offer') o.signal(from, back, { kind: 'pipe-answer' });
        if (body.kind === 'pipe-answer' && byId.get(from)) pipe(o, byId.get(from), null);
      };
      byId.set(id, o);
      if (url) byUrl.set(url, o);
      o.start();
      return o;
    },
  };
}

test('bad overlay input gets stable codes', () => {
  const code = (t) => { try { decode(t); return 'ok'; } catch (e) { assert.ok(e instanceof OverlayError); return e.code; } };
  assert.equal(code('nope'), 'INVALID_JSON');
  assert.equal(code('{"type":"x"}'), 'UNKNOWN_TYPE');
  assert.equal(code('{"type":"join","id":"a","group":"/"}'), 'INVALID_MESSAGE');
  assert.equal(code('{"type":"bcast","id":"a","from":"-x","group":"g"}'), 'INVALID_ID');
  assert.equal(code(`{"type":"bcast","id":"a","from":"a","group":"g","body":{"term":"t","payload":${'['.repeat(40)}${']'.repeat(40)}}}`), 'INVALID_MESSAGE');
  assert.equal(code(`{"type":"hello","x":"${'a'.repeat(70000)}"}`), 'MESSAGE_TOO_LARGE');
  assert.equal(code('{"type":"hello","body":{"id":"a","kind":"browser"}}'), 'ok');
});

test('a group over three nodes: relayed multi-hop join, every member gets a broadcast exactly once', async () => {
  const net = memoryNet(7);
  net.add('n1', 'node', []);
  net.add('n2', 'node', ['n1']);
  net.add('n3', 'node', ['n2', 'n1']);
  const members = [];
  for (let i = 0; i < 9; i++) members.push(net.add(`p${i}`, 'browser', [`n${1 + (i % 3)}`]));
  await net.clock.advance(100);
  for (const m of members) {
    const joined = m.join('room');
    await net.clock.advance(2000);
    await joined;
  }
  await net.clock.advance(20000);
  for (const m of members) assert.ok(m.neighbors('room').length >= 1, `${m.self.id} has neighbours`);
  members[4].broadcast('room', 'chat', { text: 'hi' });
  await net.clock.advance(1000);
  for (const m of members) {
    const got = net.inbox.get(m.self.id);
    if (m === members[4]) assert.deepEqual(got, []);
    else assert.deepEqual(got, ['room|p4|chat|{"text":"hi"}'], m.self.id);
  }
});

test('a relayed handshake to a peer that is gone is rejected to its origin at once (seed bug 6)', async () => {
  const net = memoryNet(3);
  net.add('n1', 'node', []);
  const alice = net.add('alice', 'browser', ['n1']);
  await net.clock.advance(100);
  let code = null;
  alice.relay.ensureLink({ id: 'ghost', kind: 'browser' }, ['n1', 'ghost']).catch((e) => (code = e.code));
  await net.clock.advance(50);
  assert.equal(code, 'ROUTE_BROKEN');
});

test('simultaneous dials leave exactly one link per pair (seed bug 10)', async () => {
  const net = memoryNet(5);
  const a = net.add('na', 'node', ['nb']);
  const b = net.add('nb', 'node', ['na']);
  await net.clock.advance(100);
  assert.deepEqual(a.linkedPeers().map((p) => p.id), ['nb']);
  assert.deepEqual(b.linkedPeers().map((p) => p.id), ['na']);
  assert.equal(a.links.size, 1);
  assert.equal(b.links.size, 1);
});

test('malformed input on a link is answered with codes and never throws', async () => {
  const net = memoryNet(9);
  const n = net.add('n1', 'node', []);
  const sent = [];
  const link = { outbound: false, send: (t) => sent.push(t), close: () => sent.push('CLOSED') };
  n.linkOpened(link);
  n.received(link, '{"type":"hello","body":{"id":"zed","kind":"browser"}}');
  n.received(link, '{oops');
  n.received(link, null);
  n.received(link, '{"type":"members","id":"m2","group":"nogroup"}');
  assert.ok(sent.some((s) => s.includes('"type":"hello"')));
  assert.ok(sent.some((s) => s.includes('INVALID_JSON')));
  assert.ok(sent.some((s) => s.includes('UNSUPPORTED_FRAME')));
  assert.ok(sent.some((s) => s.includes('NOT_IN_GROUP') && s.includes('"re":"m2"')));
  assert.ok(!sent.includes('CLOSED'));
});
