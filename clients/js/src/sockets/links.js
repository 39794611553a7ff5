// The lazy connection to one peer (seed 004, "lazy connection"): idle until the first sendto, which starts
// the handshake through the transport; datagrams sent meanwhile wait in a bounded queue (oldest dropped
// first, counted); once the channel opens the queue is flushed. A channel that closes or throws on send
// sends the link back to idle, and the next sendto opens a new one.
//
// Both peers may open a channel at the same moment. Each side keeps receiving on every channel, and both
// send on the same one: the channel opened by the smaller peer id. The side that opened the other one
// closes it, so the pair settles on one channel per kind (unreliable, reliable).

/**
 * @typedef {object} Channel a message channel to one peer (see peer-transport.js and the fake in the tests)
 * @property {(bytes: Uint8Array) => void} send synchronous; throws when the channel cannot take the message
 * @property {() => number} buffered bytes accepted but not yet on the network
 * @property {() => void} close
 * @property {((data: ArrayBuffer|Uint8Array|string) => void) | null} onmessage set by the link
 * @property {(() => void) | null} onclose set by the link
 *
 * @typedef {object} Transport
 * @property {string} localId this peer's id
 * @property {(peerId: string, reliable: boolean) => Promise<Channel>} connect resolves once the channel is open
 * @property {(handler: (peerId: string, channel: Channel, reliable: boolean) => void) => void} onIncoming
 * @property {() => void} [close]
 */

export class PeerLink {
  /**
   * @param {{transport: Transport, peerId: string, address: string, reliable: boolean, queueLimit: number, retireMs: number,
   *          stats: Record<string, number>, deliver: (link: PeerLink, data: any) => void}} o
   */
  constructor(o) {
    this.peerId = o.peerId;
    /** the peer's fake address on this page */
    this.address = o.address;
    this.reliable = o.reliable;
    this._o = o;
    /** @type {'idle'|'connecting'|'ready'} */
    this.state = 'idle';
    /** @type {Uint8Array[]} */
    this.queue = [];
    /** @type {Channel|null} the channel datagrams are sent on */
    this.channel = null;
    /** @type {Map<Channel, 'local'|'remote'>} every open channel, by who opened it */
    this._channels = new Map();
    /** @type {unknown} why the last connection attempt failed */
    this.lastError = null;
    /** datagrams sent, for sampling the channel's buffer */
    this.sends = 0;
  }

  /**
   * Sends or queues one framed datagram. Returns false when the channel threw (it is then closed, and the
   * next call reconnects).
   * @param {Uint8Array} bytes
   */
  send(bytes) {
    const ch = this.channel;
    if (this.state === 'ready' && ch) {
      try {
        ch.send(bytes);
      } catch (e) {
        this.lastError = e;
        this._drop(ch, true);
        return false;
      }
      this._o.stats.sent++;
      return true;
    }
    if (this.queue.length >= this._o.queueLimit) {
      this.queue.shift();
      this._o.stats.droppedQueueFull++;
    }
    this.queue.push(bytes);
    if (this.state === 'idle') this._connect();
    return true;
  }

  /** Bytes waiting in the current channel (0 when none). */
  buffered() {
    return this.channel ? this.channel.buffered() : 0;
  }

  _connect() {
    this.state = 'connecting';
    this._o.stats.connects++;
    this._o.transport.connect(this.peerId, this.reliable).then(
      (ch) => this.adopt(ch, 'local'),
      (err) => {
        this.lastError = err;
        if (this.state !== 'connecting') return; // a channel from the remote arrived meanwhile
        this.state = 'idle';
        this._o.stats.droppedConnectFailed += this.queue.length;
        this._o.stats.connectFailures++;
        this.queue = [];
      });
  }

  /**
   * Takes an open channel to this peer (opened by us or by the remote).
   * @param {Channel} ch @param {'local'|'remote'} opener
   */
  adopt(ch, opener) {
    this._channels.set(ch, opener);
    ch.onmessage = (data) => this._o.deliver(this, data);
    ch.onclose = () => this._drop(ch, false);
    if (!this.channel || this._preferred(opener, this._channels.get(this.channel))) {
      const previous = this.channel;
      this.channel = ch;
      this.state = 'ready';
      if (previous && this._channels.get(previous) === 'local') this._retire(previous);
      this._flush();
    } else if (opener === 'local') {
      this._retire(ch);
    }
  }

  /** Closes a duplicate channel we opened, after a while: datagrams already on their way still arrive. */
  _retire(ch) {
    setTimeout(() => this._drop(ch, true), this._o.retireMs);
  }

  /** Whether a channel opened by `a` wins over one opened by `b`: the smaller id's channel wins. */
  _preferred(a, b) {
    if (a === b) return false;
    const local = this._o.transport.localId;
    const winner = local < this.peerId ? 'local' : 'remote';
    return a === winner;
  }

  _flush() {
    const queued = this.queue;
    this.queue = [];
    for (let i = 0; i < queued.length; i++) {
      if (!this.send(queued[i])) {
        this._o.stats.droppedSendFailed += queued.length - i - 1;
        return;
      }
    }
  }

  /** Forgets a channel (closing it when asked); with no channel left the link is idle again. */
  _drop(ch, close) {
    if (!this._channels.delete(ch)) return;
    ch.onmessage = null;
    ch.onclose = null;
    if (close) {
      try {
        ch.close();
      } catch {
        /* already closed */
      }
    }
    if (this.channel !== ch) return;
    this.channel = null;
    const next = this._channels.keys().next();
    if (!next.done) {
      this.channel = next.value;
    } else if (this.state === 'ready') {
      this.state = 'idle';
    }
  }

  /** Closes every channel (shutdown). */
  close() {
    for (const ch of [...this._channels.keys()]) this._drop(ch, true);
    this.queue = [];
    this.state = 'idle';
  }
}
