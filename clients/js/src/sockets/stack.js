// The socket layer of seed 004 ("as close to POSIX UDP sockets as possible on top of WebRTC"), independent
// of how channels are made: a table of descriptors, ports multiplexed on one channel per peer pair with a
// 4-byte header, a receive queue per port, lazy links. See docs/sockets.md for the API and its errors.
// C style: a failing call returns -1 and sets `errno` to the error's name (numbers in ERRNO).

import { AddressBook, LOCAL_ADDRESS, parseIPv4 } from './addresses.js';
import { ERRNO, MAX_DATAGRAM } from './errno.js';
import { HEADER_BYTES, dstPortOf, frame, srcPortOf, writeHeader } from './header.js';
import { PeerLink } from './links.js';

/** sendto flag: send on the peer pair's reliable, ordered channel (for messages that must arrive). */
export const MSG_RELIABLE = 1;

const EPHEMERAL_LOW = 10000;
const EPHEMERAL_HIGH = 65536; // exclusive
const LOCAL = parseIPv4(LOCAL_ADDRESS);

/** Limits; all can be set in the stack's options. */
export const DEFAULTS = Object.freeze({
  /** datagrams queued per peer while its channel opens (oldest dropped first) */
  queueLimit: 256,
  /** datagrams waiting in one socket's receive queue (new ones dropped when full, as UDP does) */
  recvQueueLimit: 1024,
  /** bytes buffered in a channel above which unreliable datagrams are dropped (and reliable sends get EWOULDBLOCK) */
  maxBuffered: 1024 * 1024,
  /** ms a duplicate channel (both peers connected at once) keeps receiving before it is closed */
  retireMs: 1000,
});

/**
 * @typedef {{data: Uint8Array, address: string, port: number, peer: string}} Datagram
 * @typedef {{fd: number, port: number, queue: Datagram[], listener: ((d: Datagram) => void) | null}} Sock
 */

export class SocketStack {
  /**
   * @param {import('./links.js').Transport} transport
   * @param {Partial<typeof DEFAULTS>} [options]
   */
  constructor(transport, options = {}) {
    this.transport = transport;
    this.limits = { ...DEFAULTS, ...pick(options, Object.keys(DEFAULTS)) };
    /** @type {string|null} name of the last error, as in C's errno */
    this.errno = null;
    this.addresses = new AddressBook();
    /** @type {Map<number, Sock>} */
    this._fds = new Map();
    /** @type {Map<number, Sock>} */
    this._ports = new Map();
    /** @type {Map<string, PeerLink>} unreliable links by peer id */
    this._links = new Map();
    /** @type {Map<string, PeerLink>} reliable links by peer id */
    this._reliableLinks = new Map();
    this._nextFd = 3;
    /** @type {((fd: number) => void) | null} */
    this._recvCallback = null;
    this.down = false;
    this._stats = {
      sent: 0, received: 0, queuedWhileConnecting: 0, connects: 0, connectFailures: 0, droppedQueueFull: 0,
      droppedConnectFailed: 0, droppedSendFailed: 0, droppedBuffered: 0, droppedNoPort: 0, droppedMalformed: 0,
      droppedRecvQueueFull: 0,
    };
    this._deliver = (link, data) => this._receive(link.peerId, link.address, data);
    /** where datagrams for an open channel are framed (RTCDataChannel.send copies the message at once) */
    this._scratch = new Uint8Array(HEADER_BYTES + MAX_DATAGRAM);
    /** views of the scratch buffer by message length, made once: a send allocates nothing */
    /** @type {Uint8Array[]} */
    this._scratchViews = [];
    transport.onIncoming((peerId, channel, reliable) => {
      if (this.down) {
        channel.close();
        return;
      }
      this._link(peerId, reliable).adopt(channel, 'remote');
    });
  }

  /** @returns {number} a new descriptor, or -1 (ENETDOWN) */
  socket() {
    if (this.down) return this._fail('ENETDOWN');
    const fd = this._nextFd++;
    this._fds.set(fd, { fd, port: 0, queue: [], listener: null });
    return fd;
  }

  /**
   * Binds `fd` to `port` (0: a free port in [10000, 65536)). `address` may be omitted, 0, "0.0.0.0" or
   * "10.0.0.1" (this peer); any other gives EADDRNOTAVAIL.
   * @returns {number} 0, or -1 with EBADF, EINVAL (bad port, already bound), EADDRINUSE, EADDRNOTAVAIL
   */
  bind(fd, port, address = 0) {
    const s = this._fds.get(fd);
    if (!s) return this._fail('EBADF');
    const addr = parseIPv4(address ?? 0);
    if (addr !== 0 && addr !== LOCAL) return this._fail('EADDRNOTAVAIL');
    if (!Number.isInteger(port) || port < 0 || port > 65535 || s.port !== 0) return this._fail('EINVAL');
    if (port === 0) {
      port = this._freePort();
      if (port === 0) return this._fail('EADDRINUSE');
    } else if (this._ports.has(port)) {
      return this._fail('EADDRINUSE');
    }
    s.port = port;
    this._ports.set(port, s);
    return 0;
  }

  /**
   * Sends one datagram to `address`:`port`. Returns its length once sent or queued (a datagram may still be
   * lost: that is the contract of an unreliable channel). Binds `fd` to a free port first if needed.
   * @param {number} fd
   * @param {Uint8Array|ArrayBufferView|ArrayBuffer|string} data
   * @param {string|number} address a fake address from resolve(), or 10.0.0.1 for this peer
   * @param {number} port 1-65535
   * @param {number} [flags] MSG_RELIABLE for the reliable channel
   * @returns {number} bytes, or -1 with EBADF, ENETDOWN, EINVAL, EMSGSIZE, ENETUNREACH, EWOULDBLOCK
   */
  sendto(fd, data, address, port, flags = 0) {
    if (this.down) return this._fail('ENETDOWN');
    const s = this._fds.get(fd);
    if (!s) return this._fail('EBADF');
    const payload = toBytes(data);
    if (!payload) return this._fail('EINVAL');
    if (payload.byteLength > MAX_DATAGRAM) return this._fail('EMSGSIZE');
    if (!Number.isInteger(port) || port < 1 || port > 65535) return this._fail('EINVAL');
    const peerId = this.addresses.peerOf(address) ?? (isLocal(address) ? this.transport.localId : null);
    if (!peerId) return this._fail('ENETUNREACH');
    if (s.port === 0 && this.bind(fd, 0) !== 0) return -1;
    if (peerId === this.transport.localId) {
      const bytes = frame(s.port, port, payload);
      queueMicrotask(() => this._receive(peerId, LOCAL_ADDRESS, bytes));
      this._stats.sent++;
      return payload.byteLength;
    }
    const link = this._link(peerId, (flags & MSG_RELIABLE) !== 0);
    // A datagram that waits in the link's queue needs its own buffer; one sent now is copied by the channel.
    const bytes = link.state === 'ready' ? this._frameScratch(s.port, port, payload) : frame(s.port, port, payload);
    // bufferedAmount is read on every 8th datagram: the limit is a soft one, and the read is not free.
    if (link.state === 'ready' && (link.reliable || (++link.sends & 7) === 0) && link.buffered() > this.limits.maxBuffered) {
      if (link.reliable) return this._fail('EWOULDBLOCK');
      this._stats.droppedBuffered++;
      return payload.byteLength;
    }
    if (link.state !== 'ready') this._stats.queuedWhileConnecting++;
    if (!link.send(bytes)) return this._fail('EWOULDBLOCK');
    return payload.byteLength;
  }

  /**
   * Takes the next datagram of `fd`'s queue, without waiting. An unbound socket is bound to a free port.
   * @returns {Datagram | -1} -1 with EWOULDBLOCK (queue empty) or EBADF
   */
  recvfrom(fd) {
    const s = this._fds.get(fd);
    if (!s) return this._fail('EBADF');
    if (s.port === 0 && this.bind(fd, 0) !== 0) return -1;
    const d = s.queue.shift();
    return d ?? this._fail('EWOULDBLOCK');
  }

  /**
   * The one callback called after each datagram lands in a queue (with its fd); it should drain recvfrom
   * until EWOULDBLOCK. Pass null to remove it.
   * @param {((fd: number) => void) | null} cb
   */
  recvCallback(cb) {
    if (cb !== null && typeof cb !== 'function') return this._fail('EINVAL');
    this._recvCallback = cb;
    return 0;
  }

  /** @returns {number} 0, or -1 with EBADF */
  close(fd) {
    const s = this._fds.get(fd);
    if (!s) return this._fail('EBADF');
    this._fds.delete(fd);
    if (s.port !== 0) this._ports.delete(s.port);
    s.queue.length = 0;
    s.listener = null;
    return 0;
  }

  /** Delivers `fd`'s datagrams to `listener` instead of its queue (the DatagramSocket face). */
  setListener(fd, listener) {
    const s = this._fds.get(fd);
    if (!s) return this._fail('EBADF');
    s.listener = listener;
    for (const d of s.queue.splice(0)) listener(d);
    return 0;
  }

  /** The port `fd` is bound to (0 if unbound), or -1 with EBADF. */
  portOf(fd) {
    const s = this._fds.get(fd);
    return s ? s.port : this._fail('EBADF');
  }

  /** @param {string} peerId @returns {string} the peer's local fake address (10.0.0.2 onwards; 10.0.0.1 is this peer) */
  resolve(peerId) {
    if (peerId === this.transport.localId) return LOCAL_ADDRESS;
    return this.addresses.resolve(peerId);
  }

  /** @returns {string|null} the peer id behind a fake address, or null */
  reverseResolve(address) {
    return isLocal(address) ? this.transport.localId : this.addresses.peerOf(address);
  }

  localKey() {
    return this.transport.localId;
  }

  /** Counters: sent, received, and every kind of drop. */
  stats() {
    const links = {};
    for (const [peer, l] of this._links) links[`u:${peer}`] = { state: l.state, queued: l.queue.length };
    for (const [peer, l] of this._reliableLinks) links[`r:${peer}`] = { state: l.state, queued: l.queue.length };
    return { ...this._stats, links };
  }

  /** The state of the link to a peer: 'idle', 'connecting' or 'ready'. */
  linkState(peerId, reliable = false) {
    return (reliable ? this._reliableLinks : this._links).get(peerId)?.state ?? 'idle';
  }

  /** Closes every socket and channel; later calls fail with ENETDOWN or EBADF. */
  shutdown() {
    this.down = true;
    for (const fd of [...this._fds.keys()]) this.close(fd);
    for (const l of [...this._links.values(), ...this._reliableLinks.values()]) l.close();
    this._links.clear();
    this._reliableLinks.clear();
    this.transport.close?.();
  }

  _link(peerId, reliable) {
    const links = reliable ? this._reliableLinks : this._links;
    let link = links.get(peerId);
    if (!link) {
      link = new PeerLink({ transport: this.transport, peerId, address: this.resolve(peerId), reliable,
        queueLimit: this.limits.queueLimit,
        retireMs: this.limits.retireMs, stats: this._stats, deliver: this._deliver });
      links.set(peerId, link);
    }
    return link;
  }

  /** The link to a peer, if any (tools and tests: its `channel`, `state`, `queue`). */
  link(peerId, reliable = false) {
    return (reliable ? this._reliableLinks : this._links).get(peerId) ?? null;
  }

  /** Header then payload in the scratch buffer; returns the (cached) view of the message. */
  _frameScratch(srcPort, dstPort, payload) {
    const scratch = this._scratch;
    writeHeader(scratch, srcPort, dstPort);
    scratch.set(payload, HEADER_BYTES);
    const length = HEADER_BYTES + payload.byteLength;
    return this._scratchViews[length] ??= scratch.subarray(0, length);
  }

  /**
   * One message from a peer's channel (the per-datagram receive path: one view of the message, one of its
   * payload, one result object; no copy).
   * @param {string} peerId @param {string} address @param {ArrayBuffer|Uint8Array|string} data
   */
  _receive(peerId, address, data) {
    if (typeof data === 'string') {
      this._stats.droppedMalformed++;
      return;
    }
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    if (bytes.byteLength < HEADER_BYTES) {
      this._stats.droppedMalformed++;
      return;
    }
    const s = this._ports.get(dstPortOf(bytes));
    if (!s) {
      this._stats.droppedNoPort++;
      return;
    }
    this._stats.received++;
    const payload = new Uint8Array(bytes.buffer, bytes.byteOffset + HEADER_BYTES, bytes.byteLength - HEADER_BYTES);
    const datagram = { data: payload, address, port: srcPortOf(bytes), peer: peerId };
    if (s.listener) {
      s.listener(datagram);
      return;
    }
    if (s.queue.length >= this.limits.recvQueueLimit) {
      this._stats.droppedRecvQueueFull++;
      return;
    }
    s.queue.push(datagram);
    const cb = this._recvCallback;
    if (cb) {
      try {
        cb(s.fd);
      } catch (e) {
        console.error('weft sockets: the recvCallback threw', e);
      }
    }
  }

  _freePort() {
    const span = EPHEMERAL_HIGH - EPHEMERAL_LOW;
    const start = EPHEMERAL_LOW + Math.floor(Math.random() * span);
    for (let i = 0; i < span; i++) {
      const p = EPHEMERAL_LOW + ((start - EPHEMERAL_LOW + i) % span);
      if (!this._ports.has(p)) return p;
    }
    return 0;
  }

  /** @param {keyof typeof ERRNO} name @returns {-1} */
  _fail(name) {
    this.errno = name;
    return -1;
  }
}

const encoder = new TextEncoder();

function isLocal(address) {
  return address === LOCAL_ADDRESS || parseIPv4(address) === LOCAL;
}

/** @returns {Uint8Array|null} */
function toBytes(data) {
  if (data instanceof Uint8Array) return data;
  if (typeof data === 'string') return encoder.encode(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

function pick(o, keys) {
  const out = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
