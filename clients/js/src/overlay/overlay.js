// One peer of the Weft overlay in JavaScript: the peer table, hello, dispatch and limits (docs/overlay.md).
// The same protocol and rules as weft-overlay's Overlay.java. Independent of I/O and of time: links come from
// the caller (WebSocket, DataChannel, in-memory pipes in tests), time from an injected clock.
import * as C from './constants.js';
import { OverlayError, decode, encode, isValidUrl, checkPeer } from './envelope.js';
import { Groups } from './groups.js';
import { Routing } from './routing.js';
import { Relay } from './relay.js';

const ALPHABET = 'abcdefghijkmnopqrstuvwxyz23456789';

/** Ids seen recently (dedup, loop prevention). */
class SeenIds {
  constructor() {
    /** @type {Map<string, number>} */
    this.map = new Map();
  }

  add(id, now) {
    for (const [k, at] of this.map) {
      if (now - at < C.SEEN_TTL_MS) break;
      this.map.delete(k);
    }
    if (this.map.has(id)) return false;
    this.map.set(id, now);
    if (this.map.size > C.SEEN_MAX) this.map.delete(this.map.keys().next().value);
    return true;
  }
}

/** The real clock: performance.now and setTimeout. schedule returns a cancel function. */
export const realClock = {
  now: () => (typeof performance !== 'undefined' ? performance.now() : Date.now()),
  schedule: (ms, fn) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

/**
 * @typedef {{send(text: string): void, close(): void, outbound: boolean, url?: string|null}} OverlayLink
 * @typedef {{id: string, kind: 'node'|'browser'|'client', url?: string|null}} PeerInfo
 */

export class Overlay {
  /**
   * @param {{self: PeerInfo, bootstrap?: string[], dialer: (url: string) => void, clock?: typeof realClock,
   *          random?: () => number, maxLinks?: number, groupFull?: number,
   *          events?: Partial<{message: Function, neighborJoined: Function, neighborLeft: Function, knownNodes: Function}>}} o
   */
  constructor(o) {
    checkPeer(o.self, 'self');
    this.self = o.self;
    this.dialer = o.dialer;
    this.clock = o.clock ?? realClock;
    this.random = o.random ?? Math.random;
    const node = o.self.kind === 'node';
    this.maxLinks = o.maxLinks ?? (node ? 10_000 : C.PEER_MAX_LINKS);
    this.groupFull = o.groupFull ?? (node ? C.NODE_FULL : C.FULL);
    const noop = () => {};
    this.events = { message: noop, neighborJoined: noop, neighborLeft: noop, knownNodes: noop, ...(o.events ?? {}) };
    this.seen = new SeenIds();
    /** @type {Map<OverlayLink, any>} */
    this.links = new Map();
    /** @type {Map<string, any>} */
    this.peers = new Map();
    /** @type {Set<string>} */
    this.knownNodes = new Set();
    /** @type {Map<string, {resolve: Function, reject: Function, cancel: Function, peerId: string}>} */
    this.pending = new Map();
    this.groups = new Groups(this);
    this.routing = new Routing(this);
    this.relay = new Relay(this);
    this.closed = false;
    this._rotation = 0;
    this.bootstrap = (o.bootstrap ?? []).filter(isValidUrl);
    for (const u of this.bootstrap) this.addKnown(u);
  }

  start() {
    for (const u of this.bootstrap) this.relay.dialKnown(u);
    this._timer = this.clock.schedule(C.MAINTAIN_EVERY_MS, () => this._tick());
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this._timer?.();
    for (const pl of [...this.links.values()]) pl.link.close();
  }

  // ------------------------------------------------------------ application API

  join(group) {
    return this.groups.join(group);
  }

  leave(group) {
    this.groups.leave(group);
  }

  broadcast(group, term, payload) {
    return this.groups.broadcast(group, term, payload);
  }

  neighbors(group) {
    return this.groups.neighbors(group);
  }

  linkedPeers() {
    return [...this.peers.values()].map((pl) => pl.peer);
  }

  addKnown(url) {
    if (!isValidUrl(url) || url === this.self.url || this.knownNodes.has(url) || this.knownNodes.size >= C.MAX_KNOWN_NODES) return;
    this.knownNodes.add(url);
    this.events.knownNodes([...this.knownNodes]);
  }

  forget(url) {
    if (this.knownNodes.delete(url)) this.events.knownNodes([...this.knownNodes]);
  }

  /** Sends a signal to `to` along `route` (hop ids ending with `to`). */
  signal(to, route, body) {
    this.relay.send(to, route, body);
  }

  hasRoomForLink() {
    return this.links.size < this.maxLinks;
  }

  // ------------------------------------------------------------ transport callbacks

  /** @param {OverlayLink} link */
  linkOpened(link) {
    if (this.closed) return link.close();
    const now = this.clock.now();
    const pl = { link, peer: null, groups: new Set(), idleSince: now, tokens: C.RATE_PER_SECOND * 2, lastRefill: now, lastRateError: -1e12, errors: 0 };
    this.links.set(link, pl);
    pl.helloTimer = this.clock.schedule(C.LINK_TIMEOUT_MS, () => {
      if (!pl.peer && this.links.get(link) === pl) this._refuse(pl, 'HELLO_REQUIRED', `no hello within ${C.LINK_TIMEOUT_MS} ms`);
    });
    if (link.outbound) link.send(encode(this._hello()));
  }

  dialFailed(url, reason) {
    this.relay.dialFailed(url, reason);
  }

  linkClosed(link) {
    const pl = this.links.get(link);
    if (!pl) return;
    this.links.delete(link);
    pl.helloTimer?.();
    if (pl.peer && this.peers.get(pl.peer.id) === pl) {
      this.peers.delete(pl.peer.id);
      for (const [id, p] of this.pending) {
        if (p.peerId === pl.peer.id) {
          this.pending.delete(id);
          p.cancel();
          p.reject(new OverlayError('ROUTE_BROKEN', `the link to ${pl.peer.id} closed`));
        }
      }
      this.groups.linkLost(pl);
      this.routing.linkLost(pl.peer.id);
    }
  }

  /** One message from a link; never throws (JSON is parsed guarded, bad input is answered with an error). */
  received(link, text) {
    const pl = this.links.get(link);
    if (!pl || this.closed) return;
    const now = this.clock.now();
    pl.tokens = Math.min(C.RATE_PER_SECOND * 2, pl.tokens + ((now - pl.lastRefill) * C.RATE_PER_SECOND) / 1000);
    pl.lastRefill = now;
    if (pl.tokens < 1) {
      pl.tokens -= 1;
      if (pl.tokens < -C.RATE_PER_SECOND * 2) this._refuse(pl, 'RATE_LIMITED', `far over ${C.RATE_PER_SECOND} messages per second`);
      else if (now - pl.lastRateError >= 1000) {
        pl.lastRateError = now;
        this._error(pl, null, 'RATE_LIMITED', `at most ${C.RATE_PER_SECOND} messages per second`);
      }
      return;
    }
    pl.tokens -= 1;
    let e;
    try {
      e = decode(text);
    } catch (err) {
      const code = err instanceof OverlayError ? err.code : 'INVALID_MESSAGE';
      if (code === 'MESSAGE_TOO_LARGE' || ++pl.errors > 100) this._refuse(pl, code, err.message);
      else this._error(pl, null, code, err.message);
      return;
    }
    try {
      this._dispatch(pl, e);
    } catch (err) {
      if (err instanceof OverlayError) this._error(pl, e.id, err.code, err.message);
      else {
        console.error('weft: overlay handler failed', err);
        this._error(pl, e.id, 'INTERNAL_ERROR', `failed to handle ${e.type}`);
      }
    }
  }

  _dispatch(pl, e) {
    if (!pl.peer) {
      if (e.type === 'error') {
        this.relay.refusedBeforeHello(pl, e);
        pl.link.close();
        return;
      }
      if (e.type !== 'hello') return this._refuse(pl, 'HELLO_REQUIRED', 'the first message on a link must be hello');
      return this._hello_(pl, e);
    }
    pl.idleSince = this.clock.now();
    switch (e.type) {
      case 'hello': throw new OverlayError('INVALID_MESSAGE', 'hello was already received on this link');
      case 'error':
      case 'joined':
      case 'members-ok':
        if (e.re) this._answer(pl, e);
        return;
      case 'route-ok':
      case 'route-none': return this.routing.answer(pl, e);
      case 'join': return this.groups.onJoin(pl, e);
      case 'leave': return this.groups.onLeave(pl, e);
      case 'members': return this.groups.onMembers(pl, e);
      case 'route': return this.routing.onRoute(pl, e);
      case 'signal': return this.relay.onSignal(pl, e);
      case 'bcast': return this.groups.onBroadcast(pl, e);
    }
  }

  _hello_(pl, e) {
    const b = e.body;
    let peer = b.url ? { id: b.id, kind: b.kind, url: b.url } : { id: b.id, kind: b.kind };
    if (peer.id === this.self.id) {
      if (pl.link.url) this.forget(pl.link.url);
      return this._refuse(pl, 'LINK_REFUSED', 'this is a link to myself');
    }
    if (peer.kind === 'node' && !peer.url && pl.link.url) peer = { ...peer, url: pl.link.url };
    if (!pl.link.outbound && this.links.size > this.maxLinks) return this._refuse(pl, 'OVERLAY_FULL', `this peer keeps at most ${this.maxLinks} links`);
    pl.peer = peer;
    const existing = this.peers.get(peer.id);
    if (existing) {
      // One link per pair: of two, both sides keep the one dialed by the smaller id (seed bug 10).
      const dialer = (x) => (x.link.outbound ? this.self.id : peer.id);
      const keepNew = dialer(pl) !== dialer(existing) ? dialer(pl) < dialer(existing) : true;
      if (!keepNew) {
        if (!pl.link.outbound) pl.link.send(encode(this._hello()));
        this._error(pl, null, 'DUPLICATE_LINK', 'these peers are already linked; keeping the other link');
        this.links.delete(pl.link);
        pl.helloTimer?.();
        pl.link.close();
        this.relay.linkReady(existing);
        return;
      }
      for (const g of existing.groups) pl.groups.add(g);
      existing.groups.clear();
      this.links.delete(existing.link);
      this.peers.delete(peer.id);
      this._error(existing, null, 'DUPLICATE_LINK', 'replaced by a newer link between the same peers');
      existing.link.close();
    }
    pl.helloTimer?.();
    this.peers.set(peer.id, pl);
    if (!pl.link.outbound) pl.link.send(encode(this._hello()));
    if (peer.url) this.addKnown(peer.url);
    for (const u of b.nodes ?? []) this.addKnown(u);
    this.relay.linkReady(pl);
  }

  _hello() {
    const body = { id: this.self.id, kind: this.self.kind, nodes: [...this.knownNodes] };
    if (this.self.url) body.url = this.self.url;
    return { type: 'hello', body };
  }

  // ------------------------------------------------------------ helpers for the parts

  newId() {
    let s = '';
    for (let i = 0; i < 16; i++) s += ALPHABET[Math.floor(this.random() * ALPHABET.length)];
    return s;
  }

  send(pl, e) {
    pl.link.send(encode(e));
  }

  /** Sends a request with a fresh id; resolves with the answer (or an error message), rejects on timeout. */
  request(pl, e) {
    const id = this.newId();
    return new Promise((resolve, reject) => {
      const cancel = this.clock.schedule(C.REQUEST_TIMEOUT_MS, () => {
        if (this.pending.delete(id)) reject(new OverlayError('NO_ROUTE', `no answer from ${pl.peer.id}`));
      });
      this.pending.set(id, { resolve, reject, cancel, peerId: pl.peer.id });
      this.send(pl, { ...e, id });
    });
  }

  _answer(pl, e) {
    const p = this.pending.get(e.re);
    if (!p || p.peerId !== pl.peer.id) return;
    this.pending.delete(e.re);
    p.cancel();
    p.resolve(e);
  }

  _error(pl, re, code, message) {
    this.send(pl, { type: 'error', re, body: { code, message } });
  }

  _refuse(pl, code, message) {
    this._error(pl, null, code, message);
    pl.link.close();
  }

  _tick() {
    if (this.closed) return;
    try {
      this.groups.maintain();
      this._maintainRoot();
    } catch (e) {
      console.error('weft: overlay maintenance failed', e);
    }
    this._timer = this.clock.schedule(C.MAINTAIN_EVERY_MS, () => this._tick());
  }

  _maintainRoot() {
    const connected = this.self.kind === 'node'
      ? [...this.peers.values()].some((pl) => pl.peer.kind === 'node')
      : this.peers.size > 0;
    if (connected || this.knownNodes.size === 0 || this.relay.dialing.size > 0) return;
    const list = [...this.knownNodes];
    this.relay.dialKnown(list[this._rotation++ % list.length]);
  }

  snapshot() {
    const neighbors = { [C.ROOT]: [...this.peers.keys()] };
    for (const g of this.groups.names()) neighbors[g] = this.groups.neighbors(g);
    return { self: this.self, neighbors, links: this.linkedPeers(), knownNodes: [...this.knownNodes] };
  }
}
