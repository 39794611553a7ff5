import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Emitter } from '../src/emitter.js';
import { Lobby } from '../src/lobby/lobby.js';
import { SignalingClient } from '../src/signaling.js';

/** A node stand-in: answers lobby requests the way docs/protocol.md says. */
class ScriptedNode {
  static last = null;
  constructor() {
    this.readyState = 0;
    this.sent = [];
    this.entries = new Map();
    this.next = 1;
    this.lose = false;
    ScriptedNode.last = this;
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.();
    });
  }
  send(text) {
    const m = JSON.parse(text);
    this.sent.push(m);
    const reply = (o) => queueMicrotask(() => this.onmessage?.({ data: JSON.stringify({ ...o, ref: m.ref }) }));
    if (m.type === 'register') {
      queueMicrotask(() => this.onmessage?.({ data: JSON.stringify({ type: 'registered', id: 'host1', token: 't'.repeat(20), heartbeat: 20000 }) }));
    } else if (m.type === 'lobby-publish') {
      if (!m.entry.name) return reply({ type: 'error', code: 'INVALID_MESSAGE', message: 'entry.name is required' });
      const entry = { id: `e${this.next++}`.padEnd(12, '0'), host: 'host1', ...m.entry };
      this.entries.set(entry.id, entry);
      reply({ type: 'lobby-published', entry, ttl: 600 });
    } else if (m.type === 'lobby-update') {
      if (!this.entries.has(m.id) || this.lose) return reply({ type: 'error', code: 'LOBBY_NOT_FOUND', message: 'gone' });
      const entry = { ...this.entries.get(m.id), ...(m.entry ?? {}) };
      this.entries.set(m.id, entry);
      reply({ type: 'lobby-updated', entry });
    } else if (m.type === 'lobby-remove') {
      this.entries.delete(m.id);
      reply({ type: 'lobby-removed', id: m.id });
    } else if (m.type === 'lobby-watch') {
      reply({ type: 'lobby-snapshot', entries: [...this.entries.values()] });
    }
  }
  push(o) {
    this.onmessage?.({ data: JSON.stringify(o) });
  }
  close() {}
}

async function open() {
  const signaling = new SignalingClient({ url: 'ws://x/ws', WebSocket: ScriptedNode });
  await signaling.open();
  const peer = Object.assign(new Emitter(), { _signaling: signaling });
  return { lobby: new Lobby(/** @type {any} */ (peer)), node: ScriptedNode.last, peer, signaling };
}

const wait = (ms) => new Promise((r) => setTimeout(r, ms));

test('publish resolves with a handle; update and remove are answered by ref; errors reject with the node code', async () => {
  const { lobby, node, signaling } = await open();
  const mine = await lobby.publish({ name: 'A', map: 'dm1', mode: 'dm', players: 0, maxPlayers: 8 });
  assert.match(mine.id, /^e1/);
  assert.equal(mine.entry.host, 'host1');
  const refs = node.sent.filter((m) => m.ref).map((m) => m.ref);
  assert.equal(new Set(refs).size, refs.length, 'every request has its own ref');
  assert.equal((await mine.update({ players: 3 })).players, 3);
  await assert.rejects(lobby.publish({ map: 'dm1' }), (e) => e.code === 'INVALID_MESSAGE' && /name/.test(e.message));
  await mine.remove();
  assert.equal(node.entries.size, 0);
  await assert.rejects(mine.update({ players: 1 }), (e) => e.code === 'LOBBY_NOT_FOUND');
  signaling.close();
});

test('heartbeats every third of the TTL; a lost entry is published again', async () => {
  const { lobby, node, signaling } = await open();
  const mine = await lobby.publish({ name: 'A', map: 'dm1', mode: 'dm', maxPlayers: 8 });
  const first = mine.id;
  await wait(450);
  const beats = node.sent.filter((m) => m.type === 'lobby-update' && m.entry === undefined);
  assert.ok(beats.length >= 1 && beats.length <= 3, `heartbeats: ${beats.length}`);
  node.lose = true;
  const republished = new Promise((r) => mine.once('republished', r));
  node.entries.clear();
  const entry = await republished;
  assert.notEqual(entry.id, first);
  assert.equal(entry.name, 'A');
  await mine.remove();
  signaling.close();
});

test('after a reconnect the handle sends a heartbeat at once, and publishes again if the entry is gone', async () => {
  const { lobby, node, signaling } = await open();
  const mine = await lobby.publish({ name: 'A', map: 'dm1', mode: 'dm', maxPlayers: 8 });
  const id = mine.id;
  signaling.emit('reconnected');
  await wait(10);
  assert.deepEqual(node.sent.at(-1), { type: 'lobby-update', id, ref: node.sent.at(-1).ref });
  assert.equal(mine.id, id, 'the entry survived: same id');
  node.entries.clear();
  const republished = new Promise((r) => mine.once('republished', r));
  signaling.emit('reconnected');
  assert.notEqual((await republished).id, id);
  await mine.remove();
  signaling.close();
});

test('watch gets a snapshot, then the live events, until stopped', async () => {
  const { lobby, node, signaling } = await open();
  node.entries.set('abcabcabcabc', { id: 'abcabcabcabc', name: 'X' });
  const events = [];
  const stop = await lobby.watch((e) => events.push(e), { mode: 'ctf' });
  assert.deepEqual(node.sent.find((m) => m.type === 'lobby-watch').filter, { mode: 'ctf' });
  node.push({ type: 'lobby-event', event: 'added', entry: { id: 'x1' } });
  node.push({ type: 'lobby-event', event: 'removed', id: 'x1', reason: 'expired' });
  stop();
  node.push({ type: 'lobby-event', event: 'added', entry: { id: 'x2' } });
  assert.deepEqual(events, [
    { event: 'snapshot', entries: [{ id: 'abcabcabcabc', name: 'X' }] },
    { event: 'added', entry: { id: 'x1' } },
    { event: 'removed', id: 'x1', reason: 'expired' },
  ]);
  assert.equal(node.sent.at(-1).type, 'lobby-unwatch');
  signaling.close();
});
