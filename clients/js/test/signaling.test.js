import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SignalingClient } from '../src/signaling.js';

/** A scripted stand-in for the node's socket: records what the client sends, lets the test answer. */
class FakeSocket {
  static instances = [];
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    FakeSocket.instances.push(this);
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.();
    });
  }
  send(text) {
    this.sent.push(JSON.parse(text));
  }
  close(code = 1000) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    queueMicrotask(() => this.onclose?.({ code }));
  }
  receive(obj) {
    this.onmessage?.({ data: JSON.stringify(obj) });
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({ code: 1006 });
  }
}

const tick = () => new Promise((r) => setTimeout(r, 0));

test('registers, then reconnects after a drop and reclaims the id with the token', async () => {
  FakeSocket.instances = [];
  const c = new SignalingClient({ url: 'ws://x/ws', id: 'alice', WebSocket: FakeSocket });
  const opened = c.open();
  await tick();
  const first = FakeSocket.instances[0];
  assert.deepEqual(first.sent[0], { type: 'register', id: 'alice' });
  first.receive({ type: 'registered', id: 'alice', token: 't'.repeat(20), heartbeat: 20000 });
  assert.equal(await opened, 'alice');

  let disconnected = 0;
  let reconnected = 0;
  c.on('disconnected', () => disconnected++);
  c.on('reconnected', () => reconnected++);
  first.drop();
  assert.equal(disconnected, 1);
  c.relay('offer', 'bob', { sid: 's' }); // queued while down
  await new Promise((r) => setTimeout(r, 200));
  const second = FakeSocket.instances[1];
  assert.ok(second, 'reconnected after the first backoff step');
  assert.deepEqual(second.sent[0], { type: 'register', id: 'alice', token: 't'.repeat(20) });
  second.receive({ type: 'registered', id: 'alice', token: 't'.repeat(20), heartbeat: 20000 });
  assert.equal(reconnected, 1);
  assert.deepEqual(second.sent[1], { type: 'offer', to: 'bob', payload: { sid: 's' } });
  c.close();
  assert.equal(second.sent.at(-1).type, 'leave');
});

test('open rejects with the node error code when the id is taken', async () => {
  FakeSocket.instances = [];
  const c = new SignalingClient({ url: 'ws://x/ws', id: 'alice', WebSocket: FakeSocket });
  const opened = c.open();
  await tick();
  FakeSocket.instances[0].receive({ type: 'error', code: 'ID_TAKEN', message: 'taken' });
  await assert.rejects(opened, (e) => e.code === 'ID_TAKEN');
});

test('open rejects with SERVER_UNREACHABLE when the socket closes first', async () => {
  FakeSocket.instances = [];
  const c = new SignalingClient({ url: 'ws://x/ws', WebSocket: FakeSocket });
  const opened = c.open();
  await tick();
  FakeSocket.instances[0].drop();
  await assert.rejects(opened, (e) => e.code === 'SERVER_UNREACHABLE');
});

test('node errors about a target are surfaced with the target id', async () => {
  FakeSocket.instances = [];
  const c = new SignalingClient({ url: 'ws://x/ws', WebSocket: FakeSocket });
  const opened = c.open();
  await tick();
  const s = FakeSocket.instances[0];
  s.receive({ type: 'registered', id: 'gen1', token: 'k'.repeat(32), heartbeat: 20000 });
  await opened;
  const errors = [];
  c.on('node-error', (e) => errors.push(e));
  s.receive({ type: 'error', code: 'PEER_UNAVAILABLE', message: 'bob is not online', to: 'bob', ref: 'o.1' });
  assert.equal(errors[0].code, 'PEER_UNAVAILABLE');
  assert.equal(errors[0].peer, 'bob');
  c.close();
});
