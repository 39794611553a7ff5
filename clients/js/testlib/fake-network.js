// An in-memory stand-in for WebRTC under the socket layer: transports that open channel pairs between
// peer ids. Handshakes wait until the test releases them (or fail them), so lazy connection and queueing
// can be checked step by step. Messages are delivered asynchronously, as a DataChannel does.

export class FakeNetwork {
  constructor() {
    /** @type {Map<string, FakeTransport>} */
    this.peers = new Map();
    /** @type {{from: string, to: string, reliable: boolean, resolve: Function, reject: Function}[]} */
    this.pending = [];
    this.autoConnect = true;
    /** every channel end ever created */
    this.channels = [];
  }

  transport(id) {
    const t = new FakeTransport(this, id);
    this.peers.set(id, t);
    return t;
  }

  /** Opens the pending handshakes (all, or those to `to`). */
  release(to) {
    for (const p of this.pending.filter((x) => !to || x.to === to)) {
      this.pending.splice(this.pending.indexOf(p), 1);
      this._open(p);
    }
  }

  /** Fails the pending handshakes. */
  fail(error = new Error('PEER_UNAVAILABLE')) {
    for (const p of this.pending.splice(0)) p.reject(error);
  }

  _connect(from, to, reliable) {
    return new Promise((resolve, reject) => {
      const p = { from, to, reliable, resolve, reject };
      if (!this.peers.has(to)) queueMicrotask(() => reject(new Error(`${to} is not online`)));
      else if (this.autoConnect) queueMicrotask(() => this._open(p));
      else this.pending.push(p);
    });
  }

  _open(p) {
    const a = new FakeChannel(p.from);
    const b = new FakeChannel(p.to);
    a.other = b;
    b.other = a;
    this.channels.push(a, b);
    this.peers.get(p.to)._incoming?.(p.from, b, p.reliable);
    p.resolve(a);
  }
}

class FakeTransport {
  constructor(net, id) {
    this.net = net;
    this.localId = id;
    this._incoming = null;
    this.connects = [];
  }

  connect(peerId, reliable) {
    this.connects.push({ peerId, reliable });
    return this.net._connect(this.localId, peerId, reliable);
  }

  onIncoming(handler) {
    this._incoming = handler;
  }

  close() {
    this._incoming = null;
  }
}

export class FakeChannel {
  constructor(owner) {
    this.owner = owner;
    this.open = true;
    this.sent = [];
    this.throwOnSend = false;
    this.bufferedBytes = 0;
    this.onmessage = null;
    this.onclose = null;
  }

  send(bytes) {
    if (!this.open || this.throwOnSend) throw new Error('InvalidStateError: RTCDataChannel.readyState is not open');
    const copy = bytes.slice().buffer;
    this.sent.push(new Uint8Array(copy));
    const other = this.other;
    setTimeout(() => other.open && other.onmessage?.(copy), 0);
  }

  buffered() {
    return this.bufferedBytes;
  }

  close() {
    if (!this.open) return;
    this.open = false;
    const other = this.other;
    queueMicrotask(() => {
      this.onclose?.();
      if (other.open) {
        other.open = false;
        other.onclose?.();
      }
    });
  }
}

/**
 * Lets every delivery in flight land: rounds of setTimeout(0), each queued behind the deliveries scheduled
 * by the previous round (timers of equal delay fire in order), so the result does not depend on load.
 */
export async function settle(rounds = 8) {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}
