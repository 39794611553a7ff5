// weft.js's socket API (seed 004), exported from /weft.js as the namespace `sockets`:
//
//   import { sockets } from '/weft.js';
//   await sockets.init();                       // opens a Peer (same options as Peer.open)
//   // or over the overlay: await sockets.init({network}) / init({transport: 'overlay'})
//   const fd = sockets.socket();
//   sockets.bind(fd, 7000);
//   sockets.recvCallback(() => {
//     for (let d; (d = sockets.recvfrom(fd)) !== -1;) handle(d.data, d.address, d.port);
//     // sockets.errno === 'EWOULDBLOCK' here
//   });
//   sockets.sendto(fd, bytes, sockets.resolve('server-peer-id'), 7000);
//
// C style: a failing call returns -1 and sets `sockets.errno` to the error's name (`sockets.ERRNO` has the
// numbers). See docs/sockets.md.

import { Network } from '../network.js';
import { Peer } from '../peer.js';
import { DatagramSocket } from './datagram.js';
import { ERRNO, SocketError } from './errno.js';
import { PeerTransport } from './peer-transport.js';
import { SocketStack } from './stack.js';

export { ERRNO, EAGAIN, MAX_DATAGRAM, SocketError } from './errno.js';
export { MSG_RELIABLE, SocketStack, DEFAULTS } from './stack.js';
export { DatagramSocket } from './datagram.js';
export { PeerTransport, LABEL, RELIABLE_LABEL } from './peer-transport.js';
export { LOCAL_ADDRESS, formatIPv4, parseIPv4 } from './addresses.js';

/** @type {SocketStack|null} */
let stack = null;
/** @type {Peer|Network|null} the endpoint channels are made with */
let endpoint = null;
/** @type {Peer|Network|null} the endpoint init() opened (and shutdown() closes) */
let ownEndpoint = null;

/** Name of the last failure ('EBADF', 'EWOULDBLOCK', ...), as C's errno; null before any. */
export let errno = null;
/** The number of the last failure (newlib's numbering), 0 before any. */
export let errnoValue = 0;

/**
 * Starts the socket layer over one of:
 * - a weft.js Peer it opens with `options` (those of Peer.open): handshakes through the node's /ws;
 * - `options.peer`, a Peer already open;
 * - `options.network`, a weft.js Network already joined: channels over the overlay, handshakes relayed by its
 *   peers (`Network.connect`), so the other side may be reached through another node;
 * - `options.transport === 'overlay'`: joins a Network with `options` (those of Network.join) and uses it;
 * - (tests) `options.transport`, an object implementing links.js's Transport.
 * Limits: `queueLimit`, `recvQueueLimit`, `maxBuffered`. Resolves with the Peer or Network (null with a custom
 * transport). Calling it again returns the running layer's.
 * @param {import('../peer.js').PeerOptions & {peer?: Peer, network?: Network, transport?: any, queueLimit?: number,
 *         recvQueueLimit?: number, maxBuffered?: number}} [options]
 */
export async function init(options = {}) {
  if (stack && !stack.down) return endpoint;
  let transport = options.transport;
  let ep = options.peer ?? options.network ?? null;
  let owned = null;
  if (transport === 'overlay' && !ep) {
    ep = owned = await Network.join(options);
    transport = undefined;
  } else if (transport === 'overlay') {
    transport = undefined;
  }
  if (!transport) {
    if (!ep) ep = owned = await Peer.open(options);
    transport = new PeerTransport(ep);
  }
  stack = new SocketStack(transport, options);
  endpoint = ep;
  ownEndpoint = owned;
  errno = null;
  errnoValue = 0;
  return ep;
}

/** The running stack (for the DatagramSocket face and tools), or null. */
export function current() {
  return stack;
}

/** Closes every socket and channel, and the Peer or Network if init() opened it. */
export function shutdown() {
  stack?.shutdown();
  stack = null;
  ownEndpoint?.close();
  ownEndpoint = null;
  endpoint = null;
}

function failed() {
  errno = stack.errno;
  errnoValue = ERRNO[errno];
  return -1;
}

function fail(name) {
  errno = name;
  errnoValue = ERRNO[name];
  return -1;
}

// Each call is checked and forwarded without allocating: sendto and recvfrom run per datagram.

/** @returns {number} a new socket descriptor, or -1 (ENETDOWN) */
export function socket() {
  if (!stack) return fail('ENETDOWN');
  const r = stack.socket();
  return r === -1 ? failed() : r;
}

/** @returns {number} 0 or -1 (EBADF, EINVAL, EADDRINUSE, EADDRNOTAVAIL) */
export function bind(fd, port, address) {
  if (!stack) return fail('ENETDOWN');
  const r = stack.bind(fd, port, address);
  return r === -1 ? failed() : r;
}

/** @returns {number} bytes, or -1 (EBADF, ENETDOWN, EINVAL, EMSGSIZE, ENETUNREACH, EWOULDBLOCK) */
export function sendto(fd, data, address, port, flags) {
  if (!stack) return fail('ENETDOWN');
  const r = stack.sendto(fd, data, address, port, flags);
  return r === -1 ? failed() : r;
}

/** @returns {{data: Uint8Array, address: string, port: number, peer: string} | -1} -1 with EWOULDBLOCK or EBADF */
export function recvfrom(fd) {
  if (!stack) return fail('ENETDOWN');
  const r = stack.recvfrom(fd);
  return r === -1 ? failed() : r;
}

/** @returns {number} 0 or -1 */
export function recvCallback(cb) {
  if (!stack) return fail('ENETDOWN');
  const r = stack.recvCallback(cb);
  return r === -1 ? failed() : r;
}

/** @returns {number} 0 or -1 (EBADF) */
export function close(fd) {
  if (!stack) return fail('ENETDOWN');
  const r = stack.close(fd);
  return r === -1 ? failed() : r;
}

/** @param {string} peerId @returns {string|-1} the peer's fake address here (10.0.0.2 onwards), -1 with ENETDOWN */
export function resolve(peerId) {
  if (!stack) return fail('ENETDOWN');
  return stack.resolve(String(peerId));
}

/** @returns {string|null} the peer id behind a fake address, null if never resolved */
export function reverseResolve(address) {
  return stack ? stack.reverseResolve(address) : null;
}

/** @returns {string|null} this peer's id */
export function localKey() {
  return stack ? stack.localKey() : null;
}

/** Counters of the running stack (sent, received, drops by cause). */
export function stats() {
  return stack ? stack.stats() : null;
}

/**
 * A DatagramSocket (the idiomatic face) on the running stack.
 * @param {{port?: number}} [options]
 */
export function createSocket(options) {
  if (!stack) {
    fail('ENETDOWN');
    throw new SocketError('ENETDOWN', 'call await sockets.init() first');
  }
  return new DatagramSocket(stack, options);
}
