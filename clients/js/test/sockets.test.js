import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeNetwork, settle } from '../testlib/fake-network.js';
import { frame, unframe } from '../src/sockets/header.js';
import { DatagramSocket, ERRNO, MSG_RELIABLE, SocketStack } from '../src/sockets/index.js';
import * as sockets from '../src/sockets/index.js';

const text = (d) => new TextDecoder().decode(d.data);

function pair(options) {
  const net = new FakeNetwork();
  const a = new SocketStack(net.transport('alice'), options);
  const b = new SocketStack(net.transport('bob'), options);
  return { net, a, b };
}

function drain(stack, fd) {
  const out = [];
  for (let d; (d = stack.recvfrom(fd)) !== -1;) out.push(d);
  assert.equal(stack.errno, 'EWOULDBLOCK');
  return out;
}

test('the header is [srcPort u16 BE][dstPort u16 BE] before the payload', () => {
  const f = frame(7000, 0xfffe, new Uint8Array([1, 2, 3]));
  assert.deepEqual([...f], [0x1b, 0x58, 0xff, 0xfe, 1, 2, 3]);
  const d = unframe(f.buffer);
  assert.equal(d.srcPort, 7000);
  assert.equal(d.dstPort, 0xfffe);
  assert.deepEqual([...d.payload], [1, 2, 3]);
  assert.equal(unframe(new Uint8Array([1, 2, 3])), null);
});

test('several ports share one channel and each datagram reaches the socket bound to its port', async () => {
  const { net, a, b } = pair();
  const [a1, a2] = [a.socket(), a.socket()];
  assert.equal(a.bind(a1, 7000), 0);
  assert.equal(a.bind(a2, 7001), 0);
  const [b1, b2] = [b.socket(), b.socket()];
  assert.equal(b.bind(b1, 9000), 0);
  assert.equal(b.bind(b2, 9001), 0);
  const alice = b.resolve('alice');
  assert.equal(b.sendto(b1, 'to 7000 from 9000', alice, 7000), 17);
  assert.equal(b.sendto(b2, 'to 7001 from 9001', alice, 7001), 17);
  assert.equal(b.sendto(b1, 'to 7001 from 9000', alice, 7001), 17);
  await settle();
  assert.deepEqual(drain(a, a1).map((d) => [text(d), d.port, d.peer, d.address]), [['to 7000 from 9000', 9000, 'bob', '10.0.0.2']]);
  assert.deepEqual(drain(a, a2).map((d) => [text(d), d.port]), [['to 7001 from 9001', 9001], ['to 7001 from 9000', 9000]]);
  // one unreliable channel for the pair, every datagram framed with its ports
  assert.deepEqual(net.peers.get('bob').connects, [{ peerId: 'alice', reliable: false }]);
  const sent = net.channels.filter((c) => c.owner === 'bob').flatMap((c) => c.sent);
  assert.deepEqual(sent.map((s) => [...s.subarray(0, 4)]), [[0x23, 0x28, 0x1b, 0x58], [0x23, 0x29, 0x1b, 0x59], [0x23, 0x28, 0x1b, 0x59]]);
  // and replies go back on the same channel, to the sender's port
  const bob = a.resolve('bob');
  assert.equal(a.sendto(a2, 'reply', bob, 9001), 5);
  await settle();
  assert.deepEqual(drain(b, b2).map((d) => [text(d), d.port]), [['reply', 7001]]);
  assert.equal(net.peers.get('alice').connects.length, 0, 'the reply used the channel bob opened');
});

test('a datagram to an unbound port is dropped and counted', async () => {
  const { a, b } = pair();
  const fd = b.socket();
  b.sendto(fd, 'nobody here', b.resolve('alice'), 4242);
  await settle();
  assert.equal(a.stats().droppedNoPort, 1);
  assert.equal(a.stats().received, 0);
});

test('sendto binds implicitly, so the reply reaches the sender', async () => {
  const { a, b } = pair();
  const server = a.socket();
  a.bind(server, 27910);
  const client = b.socket();
  assert.equal(b.portOf(client), 0);
  b.sendto(client, 'hello', b.resolve('alice'), 27910);
  const port = b.portOf(client);
  assert.ok(port >= 10000 && port < 65536, `ephemeral port ${port}`);
  await settle();
  const [d] = drain(a, server);
  assert.equal(d.port, port);
  a.sendto(server, 'welcome', d.address, d.port);
  await settle();
  assert.deepEqual(drain(b, client).map(text), ['welcome']);
});

test('bind 0 picks free ports in [10000, 65536); recvfrom on an unbound socket binds it', () => {
  const { a } = pair();
  const ports = new Set();
  for (let i = 0; i < 50; i++) {
    const fd = a.socket();
    assert.equal(a.bind(fd, 0), 0);
    ports.add(a.portOf(fd));
  }
  assert.equal(ports.size, 50);
  for (const p of ports) assert.ok(p >= 10000 && p < 65536);
  const fd = a.socket();
  assert.equal(a.recvfrom(fd), -1);
  assert.equal(a.errno, 'EWOULDBLOCK');
  assert.ok(a.portOf(fd) >= 10000);
});

test('every errno: EBADF, EWOULDBLOCK, ENETUNREACH, ENETDOWN, EMSGSIZE, EADDRNOTAVAIL, EADDRINUSE, EINVAL', () => {
  const { a } = pair();
  const expect = (r, name) => {
    assert.equal(r, -1);
    assert.equal(a.errno, name);
  };
  expect(a.sendto(99, 'x', a.resolve('bob'), 1), 'EBADF');
  expect(a.recvfrom(99), 'EBADF');
  expect(a.bind(99, 1), 'EBADF');
  expect(a.close(99), 'EBADF');
  const fd = a.socket();
  expect(a.recvfrom(fd), 'EWOULDBLOCK');
  expect(a.sendto(fd, 'x', '10.0.0.77', 5000), 'ENETUNREACH');
  expect(a.sendto(fd, 'x', 'not an address', 5000), 'ENETUNREACH');
  const bob = a.resolve('bob');
  expect(a.sendto(fd, new Uint8Array(16 * 1024), bob, 5000), 'EMSGSIZE');
  assert.equal(a.sendto(fd, new Uint8Array(16 * 1024 - 1), bob, 5000), 16 * 1024 - 1);
  expect(a.sendto(fd, { not: 'bytes' }, bob, 5000), 'EINVAL');
  expect(a.sendto(fd, 'x', bob, 0), 'EINVAL');
  expect(a.sendto(fd, 'x', bob, 65536), 'EINVAL');
  const other = a.socket();
  expect(a.bind(other, 5000, '10.0.0.9'), 'EADDRNOTAVAIL');
  assert.equal(a.bind(other, 5000, '10.0.0.1'), 0);
  expect(a.bind(other, 5001), 'EINVAL'); // already bound
  expect(a.bind(a.socket(), 5000), 'EADDRINUSE');
  expect(a.bind(a.socket(), 70000), 'EINVAL');
  assert.equal(a.close(other), 0);
  expect(a.close(other), 'EBADF');
  assert.equal(a.bind(a.socket(), 5000), 0, 'a closed socket frees its port');
  a.shutdown();
  expect(a.socket(), 'ENETDOWN');
  expect(a.sendto(fd, 'x', bob, 5000), 'ENETDOWN');
  assert.deepEqual(ERRNO, { EBADF: 9, EWOULDBLOCK: 11, EINVAL: 22, EADDRINUSE: 112, ENETUNREACH: 114, ENETDOWN: 115, EMSGSIZE: 122, EADDRNOTAVAIL: 125 });
});

test('the namespace sets sockets.errno (name) and errnoValue (number); ENETDOWN before init', async () => {
  sockets.shutdown();
  assert.equal(sockets.socket(), -1);
  assert.equal(sockets.errno, 'ENETDOWN');
  assert.equal(sockets.errnoValue, 115);
  assert.equal(sockets.resolve('bob'), -1);
  const net = new FakeNetwork();
  net.transport('bob');
  assert.equal(await sockets.init({ transport: net.transport('alice') }), null);
  assert.equal(sockets.localKey(), 'alice');
  const fd = sockets.socket();
  assert.ok(fd > 0);
  assert.equal(sockets.recvfrom(fd), -1);
  assert.equal(sockets.errno, 'EWOULDBLOCK');
  assert.equal(sockets.errnoValue, 11);
  assert.equal(sockets.close(1234), -1);
  assert.equal(sockets.errno, 'EBADF');
  assert.equal(sockets.errnoValue, 9);
  assert.equal(sockets.resolve('bob'), '10.0.0.2');
  assert.equal(sockets.reverseResolve('10.0.0.2'), 'bob');
  sockets.shutdown();
  assert.equal(sockets.sendto(fd, 'x', '10.0.0.2', 1), -1);
  assert.equal(sockets.errno, 'ENETDOWN');
});

test('a send that throws closes the channel, returns EWOULDBLOCK, and the next sendto reconnects', async () => {
  const { net, a, b } = pair();
  const server = b.socket();
  b.bind(server, 6000);
  const fd = a.socket();
  const bob = a.resolve('bob');
  a.sendto(fd, 'one', bob, 6000);
  await settle();
  assert.equal(a.linkState('bob'), 'ready');
  net.channels.find((c) => c.owner === 'alice').throwOnSend = true;
  assert.equal(a.sendto(fd, 'lost', bob, 6000), -1);
  assert.equal(a.errno, 'EWOULDBLOCK');
  assert.equal(a.linkState('bob'), 'idle');
  assert.equal(a.sendto(fd, 'two', bob, 6000), 3);
  assert.equal(a.linkState('bob'), 'connecting');
  await settle();
  assert.deepEqual(drain(b, server).map(text), ['one', 'two']);
  assert.equal(net.peers.get('alice').connects.length, 2);
});

test('datagrams sent while connecting are queued, bounded (oldest dropped, counted), then flushed', async () => {
  const { net, a, b } = pair({ queueLimit: 8 });
  net.autoConnect = false;
  const server = b.socket();
  b.bind(server, 6000);
  const fd = a.socket();
  const bob = a.resolve('bob');
  for (let i = 0; i < 12; i++) assert.equal(a.sendto(fd, `d${i}`, bob, 6000), i < 10 ? 2 : 3);
  assert.equal(a.linkState('bob'), 'connecting');
  assert.equal(net.peers.get('alice').connects.length, 1, 'one handshake for all of them');
  assert.equal(a.stats().droppedQueueFull, 4);
  net.release();
  await settle();
  assert.deepEqual(drain(b, server).map(text), ['d4', 'd5', 'd6', 'd7', 'd8', 'd9', 'd10', 'd11']);
});

test('a failed handshake drops and counts the queue; the next sendto tries again', async () => {
  const { net, a, b } = pair();
  net.autoConnect = false;
  const server = b.socket();
  b.bind(server, 6000);
  const fd = a.socket();
  const bob = a.resolve('bob');
  a.sendto(fd, 'x', bob, 6000);
  a.sendto(fd, 'y', bob, 6000);
  net.fail();
  await settle();
  assert.equal(a.linkState('bob'), 'idle');
  assert.equal(a.stats().droppedConnectFailed, 2);
  assert.equal(a.stats().connectFailures, 1);
  net.autoConnect = true;
  a.sendto(fd, 'z', bob, 6000);
  await settle();
  assert.deepEqual(drain(b, server).map(text), ['z']);
});

test('a channel closed by the remote makes the link idle; the next send reopens it', async () => {
  const { net, a, b } = pair();
  const server = b.socket();
  b.bind(server, 6000);
  const fd = a.socket();
  const bob = a.resolve('bob');
  a.sendto(fd, '1', bob, 6000);
  await settle();
  net.channels.find((c) => c.owner === 'bob').close();
  await settle();
  assert.equal(a.linkState('bob'), 'idle');
  a.sendto(fd, '2', bob, 6000);
  await settle();
  assert.deepEqual(drain(b, server).map(text), ['1', '2']);
});

test('both peers sending first settle on one channel (the smaller id\'s)', async () => {
  const { net, a, b } = pair({ retireMs: 0 });
  const fa = a.socket();
  a.bind(fa, 1000);
  const fb = b.socket();
  b.bind(fb, 2000);
  a.sendto(fa, 'from alice', a.resolve('bob'), 2000);
  b.sendto(fb, 'from bob', b.resolve('alice'), 1000);
  await settle();
  await settle();
  assert.deepEqual(drain(b, fb).map(text), ['from alice']);
  assert.deepEqual(drain(a, fa).map(text), ['from bob']);
  const open = net.channels.filter((c) => c.open);
  assert.equal(open.length, 2, 'one channel (two ends) stays open');
  assert.equal(open.find((c) => c.owner === 'alice').other.owner, 'bob');
  a.sendto(fa, 'again', a.resolve('bob'), 2000);
  b.sendto(fb, 'again', b.resolve('alice'), 1000);
  await settle();
  assert.deepEqual(drain(b, fb).map(text), ['again']);
  assert.deepEqual(drain(a, fa).map(text), ['again']);
});

test('fake addresses: 10.0.0.2 onwards in order of first resolve, stable, reversible; 10.0.0.1 is this peer', async () => {
  const { a, b } = pair();
  assert.equal(a.resolve('carol'), '10.0.0.2');
  assert.equal(a.resolve('dave'), '10.0.0.3');
  assert.equal(a.resolve('carol'), '10.0.0.2');
  assert.equal(a.resolve('alice'), '10.0.0.1');
  assert.equal(a.reverseResolve('10.0.0.3'), 'dave');
  assert.equal(a.reverseResolve(0x0a000003), 'dave', 'a uint32 address works too');
  assert.equal(a.reverseResolve('10.0.0.1'), 'alice');
  assert.equal(a.reverseResolve('10.0.0.9'), null);
  assert.equal(a.localKey(), 'alice');
  // a peer that writes first gets the next address on the receiving side
  const fa = a.socket();
  a.bind(fa, 1);
  const fb = b.socket();
  b.sendto(fb, 'hi', b.resolve('alice'), 1);
  await settle();
  const [d] = drain(a, fa);
  assert.equal(d.address, '10.0.0.4');
  assert.equal(a.reverseResolve(d.address), 'bob');
  // and the address is a uint32 too
  assert.equal(b.sendto(fb, 'again', 0x0a000002, 1), 5);
});

test('sending to 10.0.0.1 loops back to this peer', async () => {
  const { a } = pair();
  const fd = a.socket();
  a.bind(fd, 5);
  a.sendto(a.socket(), 'self', '10.0.0.1', 5);
  await settle();
  assert.deepEqual(drain(a, fd).map(text), ['self']);
});

test('recvCallback fires once per datagram with the fd; the receive queue is bounded', async () => {
  const { a, b } = pair({ recvQueueLimit: 3 });
  const fa = a.socket();
  a.bind(fa, 1);
  const calls = [];
  assert.equal(a.recvCallback((fd) => calls.push(fd)), 0);
  const fb = b.socket();
  for (let i = 0; i < 5; i++) b.sendto(fb, `m${i}`, b.resolve('alice'), 1);
  await settle();
  assert.deepEqual(calls, [fa, fa, fa]);
  assert.deepEqual(drain(a, fa).map(text), ['m0', 'm1', 'm2']);
  assert.equal(a.stats().droppedRecvQueueFull, 2);
  assert.equal(a.recvCallback('nope'), -1);
  assert.equal(a.errno, 'EINVAL');
});

test('unreliable datagrams are dropped (counted) while the channel buffers too much; reliable ones get EWOULDBLOCK', async () => {
  const { net, a, b } = pair({ maxBuffered: 1000 });
  const fb = b.socket();
  b.bind(fb, 1);
  const fa = a.socket();
  const bob = a.resolve('bob');
  a.sendto(fa, 'open', bob, 1);
  a.sendto(fa, 'open', bob, 1, MSG_RELIABLE);
  await settle();
  for (const c of net.channels.filter((x) => x.owner === 'alice')) c.bufferedBytes = 5000;
  for (let i = 0; i < 8; i++) assert.equal(a.sendto(fa, 'dropped', bob, 1), 7);
  assert.ok(a.stats().droppedBuffered >= 1, 'the buffer is checked at least every 8th datagram');
  assert.equal(a.sendto(fa, 'retry later', bob, 1, MSG_RELIABLE), -1);
  assert.equal(a.errno, 'EWOULDBLOCK');
});

test('MSG_RELIABLE uses a second, reliable channel to the same ports', async () => {
  const { net, a, b } = pair();
  const fb = b.socket();
  b.bind(fb, 1);
  const fa = a.socket();
  a.sendto(fa, 'fast', a.resolve('bob'), 1);
  a.sendto(fa, 'sure', a.resolve('bob'), 1, MSG_RELIABLE);
  await settle();
  assert.deepEqual(net.peers.get('alice').connects, [{ peerId: 'bob', reliable: false }, { peerId: 'bob', reliable: true }]);
  assert.deepEqual(drain(b, fb).map(text).sort(), ['fast', 'sure']);
});

test('DatagramSocket: send by address or peer id, message events with {address, port, peer}, errors as SocketError', async () => {
  const { a, b } = pair();
  const server = new DatagramSocket(a, { port: 8000 });
  const got = [];
  server.on('message', (data, rinfo) => got.push([new TextDecoder().decode(data), rinfo]));
  const client = new DatagramSocket(b);
  assert.equal(client.send('by id', 'alice', 8000), 5);
  assert.equal(client.send('by address', b.resolve('alice'), 8000), 10);
  await settle();
  assert.deepEqual(got, [
    ['by id', { address: '10.0.0.2', port: client.address().port, peer: 'bob' }],
    ['by address', { address: '10.0.0.2', port: client.address().port, peer: 'bob' }],
  ]);
  assert.throws(() => client.send(new Uint8Array(20000), 'alice', 8000), (e) => e.code === 'EMSGSIZE' && e.errno === 122);
  assert.throws(() => new DatagramSocket(a, { port: 8000 }), (e) => e.code === 'EADDRINUSE');
  server.close();
  assert.throws(() => server.send('x', 'bob', 1), (e) => e.code === 'EBADF');
  assert.equal(new DatagramSocket(a, { port: 8000 }).address().port, 8000, 'closing frees the port');
});

test('a received message that is a view into a larger buffer gives exactly its payload', () => {
  const net = new FakeNetwork();
  const s = new SocketStack(net.transport('alice'));
  const fd = s.socket();
  s.bind(fd, 7000);
  const big = new Uint8Array(32).fill(0xee);
  big.set(frame(4000, 7000, new Uint8Array([1, 2, 3])), 10);
  s._receive('bob', '10.0.0.2', big.subarray(10, 17));
  const d = s.recvfrom(fd);
  assert.deepEqual([...d.data], [1, 2, 3]);
  assert.equal(d.port, 4000);
  assert.equal(d.peer, 'bob');
});

/** A stand-in for a weft.js Network (or Peer): id, connect(id, {label, reliable}), the 'connection' event. */
class FakeEndpoint {
  constructor(id) {
    this.id = id;
    this.handlers = [];
    this.connects = [];
    this.closed = false;
  }

  on(event, handler) {
    assert.equal(event, 'connection');
    this.handlers.push(handler);
    return () => (this.handlers = this.handlers.filter((h) => h !== handler));
  }

  async connect(id, opts) {
    this.connects.push({ id, ...opts });
    const other = FakeEndpoint.all.get(id);
    const [mine, theirs] = connectionPair(this.id, id, opts.label);
    queueMicrotask(() => other.handlers.forEach((h) => h(theirs)));
    return mine;
  }

  close() {
    this.closed = true;
  }
}
FakeEndpoint.all = new Map();

function connectionPair(idA, idB, label) {
  const chA = { label, bufferedAmount: 0, onmessage: null, send: (b) => chB.onmessage?.({ data: b.slice().buffer }) };
  const chB = { label, bufferedAmount: 0, onmessage: null, send: (b) => chA.onmessage?.({ data: b.slice().buffer }) };
  const conn = (peer, channel) => ({ peer, label, channel, closed: false, on: () => () => {}, close() {} });
  return [conn(idB, chA), conn(idA, chB)];
}

test('init({network}) runs the socket layer over any endpoint with id, connect and the connection event', async () => {
  const ep = new FakeEndpoint('net-a');
  const other = new FakeEndpoint('net-b');
  FakeEndpoint.all.set('net-a', ep).set('net-b', other);
  const b = new SocketStack(new sockets.PeerTransport(other));
  const fdB = b.socket();
  b.bind(fdB, 9000);
  try {
    assert.equal(await sockets.init({ network: ep }), ep);
    assert.equal(sockets.localKey(), 'net-a');
    const fd = sockets.socket();
    assert.equal(sockets.sendto(fd, 'over the overlay', sockets.resolve('net-b'), 9000), 16);
    await settle();
    assert.deepEqual(ep.connects, [{ id: 'net-b', reliable: false, label: 'chan' }]);
    const got = drain(b, fdB);
    assert.deepEqual(got.map(text), ['over the overlay']);
    assert.equal(got[0].peer, 'net-a');
  } finally {
    sockets.shutdown();
  }
  assert.equal(ep.closed, false, 'a network passed in is not closed by shutdown');
});
