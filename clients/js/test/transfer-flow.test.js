// FileSender and FileReceiver against each other over an in-memory channel pair (no browser): the
// protocol logic, resume, integrity, removal and the receiver-paced window. The browser tests
// (weft-node ShareAppBrowserTest, ShareTransferBrowserTest) run the same code over real DataChannels.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { Emitter } from '../src/emitter.js';
import { FileReceiver } from '../src/transfer/receiver.js';
import { FileSender } from '../src/transfer/sender.js';
import { memorySink } from '../src/transfer/sinks.js';

/** One side of an in-memory reliable, ordered channel. */
class FakeChannel extends EventTarget {
  constructor() {
    super();
    this.readyState = 'open';
    this.bufferedAmount = 0;
    this.bufferedAmountLowThreshold = 0;
    this.other = null;
    this.tamper = (d) => d;
  }

  send(data) {
    if (this.readyState !== 'open') throw new Error('closed');
    const copy = typeof data === 'string' ? data : data.slice().buffer;
    const size = typeof data === 'string' ? data.length : data.byteLength;
    this.bufferedAmount += size;
    setImmediate(() => {
      this.bufferedAmount -= size;
      if (this.bufferedAmount <= this.bufferedAmountLowThreshold) this.dispatchEvent(new Event('bufferedamountlow'));
      if (this.readyState === 'open' && this.other.readyState === 'open') this.other.conn.emit('data', this.tamper(copy));
    });
  }

  close() {
    for (const ch of [this, this.other]) {
      if (ch.readyState === 'closed') continue;
      ch.readyState = 'closed';
      ch.dispatchEvent(new Event('close'));
      ch.conn.emit('close');
    }
  }
}

function pair(receiverId) {
  const a = new FakeChannel();
  const b = new FakeChannel();
  a.other = b;
  b.other = a;
  const conn = (ch, peer) => {
    const c = Object.assign(new Emitter(), { peer, channel: ch, label: 'weft-files' });
    c.close = () => ch.close();
    ch.conn = c;
    return c;
  };
  return { senderSide: conn(a, receiverId), receiverSide: conn(b, 'sender') };
}

/** A Peer stand-in whose connect() reaches `sender` over a fresh channel pair each time. */
function fakePeer(sender, o = {}) {
  const peer = { connects: 0, channels: [], online: true };
  peer.connect = async () => {
    peer.connects++;
    if (!peer.online) throw Object.assign(new Error('not online'), { code: 'PEER_UNAVAILABLE' });
    const p = pair('rx');
    o.tamper && (p.senderSide.channel.tamper = o.tamper);
    peer.channels.push(p.senderSide.channel);
    sender.serve(p.senderSide);
    return p.receiverSide;
  };
  return peer;
}

function bytes(n, seed) {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const sha = (b) => createHash('sha256').update(b).digest('hex');

test('several files, 0-byte and odd sizes, arrive intact and verified', async () => {
  const sender = new FileSender({ chunkSize: 4096 });
  const files = [bytes(0, 1), bytes(1, 2), bytes(4096, 3), bytes(100_003, 4)];
  sender.add(files.map((b, i) => new File([b], `f${i}.bin`)));
  const rx = await FileReceiver.open(fakePeer(sender), 'sender');
  assert.deepEqual(rx.files.map((f) => [f.name, f.size]), files.map((b, i) => [`f${i}.bin`, b.length]));
  const transfers = rx.files.map((f) => rx.download(f.id, { sink: memorySink() }));
  for (const [i, t] of transfers.entries()) {
    const { sha256, blob } = await t.done;
    assert.equal(sha256, sha(files[i]));
    assert.deepEqual(new Uint8Array(await blob.arrayBuffer()), files[i]);
    assert.equal(t.state, 'verified');
  }
  await new Promise((r) => setTimeout(r, 10)); // the final ack crosses the channel
  assert.equal([...sender.sessions][0].current.verified, true);
  rx.close();
});

test('a dropped channel resumes from the last byte received, not from the start', async () => {
  const sender = new FileSender({ chunkSize: 8192 });
  const data = bytes(3_000_000, 5);
  sender.add([new File([data], 'r.bin')]);
  // The first channel drops after its 150th chunk (about 1.2 MB): that chunk and everything after is lost.
  let chunks = 0;
  const tamper = (d) => {
    if (typeof d !== 'string' && ++chunks === 150) {
      peer.channels[0].close();
    }
    return d;
  };
  const peer = fakePeer(sender, { tamper });
  const rx = await FileReceiver.open(peer, 'sender');
  const t = rx.download(0, { sink: memorySink() });
  const { sha256, blob } = await t.done;
  assert.equal(sha256, sha(data));
  assert.equal(blob.size, data.length);
  assert.equal(peer.connects, 2);
  const resumed = [...sender.sessions][0].requests;
  assert.equal(resumed.length, 1);
  assert.equal(resumed[0].offset, 149 * 8192);
  rx.close();
});

test('a damaged chunk fails the file with INTEGRITY_FAILED and nothing is kept', async () => {
  let n = 0;
  const tamper = (d) => {
    if (typeof d !== 'string' && ++n === 3) new Uint8Array(d)[100] ^= 1;
    return d;
  };
  const sender = new FileSender({ chunkSize: 4096 });
  sender.add([new File([bytes(50_000, 6)], 'd.bin')]);
  const rx = await FileReceiver.open(fakePeer(sender, { tamper }), 'sender');
  const t = rx.download(0, { sink: memorySink() });
  await assert.rejects(t.done, { code: 'INTEGRITY_FAILED' });
  assert.equal(t.state, 'failed');
  await new Promise((r) => setTimeout(r, 10));
  assert.equal([...sender.sessions][0].current.verified, false);
  rx.close();
});

test('a file removed mid-way fails with FILE_NOT_FOUND and leaves the list', async () => {
  const sender = new FileSender({ chunkSize: 4096 });
  sender.add([new File([bytes(1_000_000, 7)], 'gone.bin'), new File([bytes(10, 8)], 'stays.bin')]);
  let written = 0;
  let release;
  const stall = new Promise((r) => (release = r));
  const slow = { write: async (b) => { written += b.length; if (written > 100_000) await stall; }, close: async () => null, abort: async () => {} };
  const rx = await FileReceiver.open(fakePeer(sender), 'sender');
  const t = rx.download(0, { sink: slow });
  await new Promise((resolve) => t.on('progress', (p) => p.received > 0 && resolve()));
  const lists = [];
  rx.on('manifest', (files) => lists.push(files.map((f) => f.name)));
  sender.remove(0);
  await assert.rejects(t.done, { code: 'FILE_NOT_FOUND' });
  release();
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(lists.at(-1), ['stays.bin']);
  rx.close();
});

test('the sender stays within its window of the receiver\'s acknowledged bytes', async () => {
  const window = 8 * 1024 * 1024;
  const sender = new FileSender({ chunkSize: 64 * 1024, window });
  sender.add([new File([bytes(20 * 1024 * 1024, 9)], 'w.bin')]);
  let release;
  const stall = new Promise((r) => (release = r));
  const sink = { write: () => stall, close: async () => null, abort: async () => {} };
  const rx = await FileReceiver.open(fakePeer(sender), 'sender');
  const t = rx.download(0, { sink });
  // Wait (up to 10 s on a loaded machine) until the sender has filled its window, then a little more.
  const s = await (async () => {
    for (let i = 0; i < 1000; i++) {
      const x = [...sender.sessions][0];
      if (x?.current && x.current.sent >= window - 64 * 1024) return x;
      await new Promise((r) => setTimeout(r, 10));
    }
    return [...sender.sessions][0];
  })();
  await new Promise((r) => setTimeout(r, 200));
  assert.ok(s.current.sent <= window, `sent ${s.current.sent} with nothing acknowledged`);
  assert.ok(s.current.sent >= window - 64 * 1024, `sent only ${s.current.sent}`);
  release();
  t.cancel();
  rx.close();
});

test('a window smaller than two acknowledgement intervals is refused', () => {
  assert.throws(() => new FileSender({ window: 1 << 20 }), { code: 'INVALID_ARGUMENT' });
});

test('a sender that is not online: open rejects with PEER_UNAVAILABLE', async () => {
  const peer = fakePeer(new FileSender());
  peer.online = false;
  await assert.rejects(FileReceiver.open(peer, 'sender'), { code: 'PEER_UNAVAILABLE' });
});
