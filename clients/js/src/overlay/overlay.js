// One peer of the Weft overlay in JavaScript: the peer table, hello, dispatch and limits (docs/overlay.md).
// The same protocol and rules as weft-overlay's Overlay.java. Independent of I/O and of time: links come from
// the caller (WebSocket, DataChannel, in-memory pipes in tests), time from an injected clock.
import * as C from './constants.js';
import { OverlayError, decode, encode, isValidUrl, checkPeer } from './envelope.js';
import { Groups } from './groups.js';
import { Routing } from './routing.js';
import { Relay } from './relay.js';
import { base64url } from './encoding.js';
import { verify } from './identity.js';
import { authText, signEnvelope, verifyEnvelope } from './signing.js';
import { Scores } from './scoring.js';
import { Dht } from './dht.js';

const ALPHABET = 'abcdefghijkmnopqrstuvwxyz23456789';

/** 16 fresh random bytes, base64url: the hello nonce of one link. */
function newNonce() {
  return base64url(globalThis.crypto.getRandomValues(new Uint8Array(16)));
}

/** Ids seen recently (dedup, loop prevention). */
class SeenIds {
  constructor() {
    /** @type {Map<string, number>} */
    this.map = new Map();
  }

  has(id) {
    return this.map.has(id);
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
   * @param {{self: PeerInfo, identity: import('./identity.js').Identity, bootstrap?: string[], dialer: (url: string) => void, clock?: typeof realClock,
   *          random?: () => number, maxLinks?: number, groupFull?: number,
   *          events?: Partial<{message: Function, neighborJoined: Function, neighborLeft: Function, knownNodes: Function}>}} o
   */
  constructor(o) {
    if (!o.identity) throw new OverlayError('INVALID_ARGUMENT', 'an overlay peer needs an identity (identity.js)');
    this.identity = o.identity;
    this.self = o.self.url ? { id: o.identity.id, kind: o.self.kind, url: o.self.url } : { id: o.identity.id, kind: o.self.kind };
    checkPeer(this.self, 'self');
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
    this.scores = new Scores(this);
    this.dht = new Dht(this);
    /** Wall-clock milliseconds (record expiry), injectable for tests. */
    this.wallNow = o.wallNow ?? (() => Date.now());
    /** Signing is serialised so that signed messages leave in the order they were made. */
    this._signing = Promise.resolve();
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
    const pl = {
      link, peer: null, hello: null, nonce: newNonce(), groups: new Set(), idleSince: now, tokens: C.RATE_PER_SECOND * 2,
      lastRefill: now, lastRateError: -1e12, errors: 0, score: 0, scoredAt: now, busy: 0, chain: Promise.resolve(),
    };
    this.links.set(link, pl);
    pl.helloTimer = this.clock.schedule(C.LINK_TIMEOUT_MS, () => {
      if (!pl.peer && this.links.get(link) === pl) {
        if (pl.hello) this._refuse(pl, 'AUTH_REQUIRED', `no valid auth within ${C.LINK_TIMEOUT_MS} ms`);
        else this._refuse(pl, 'HELLO_REQUIRED', `no hello within ${C.LINK_TIMEOUT_MS} ms`);
      }
    });
    if (link.outbound) link.send(encode(this._hello(pl)));
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
      this.scores.penalize(pl, C.PENALTY_RATE, 'over the rate limit');
      if (!this.links.has(link)) return;
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
      this.scores.penalize(pl, code === 'MESSAGE_TOO_LARGE' ? C.PENALTY_OVERSIZED : C.PENALTY_INVALID, code);
      return;
    }
    // Messages of one link are handled in order; those needing a signature check wait for it (WebCrypto
    // is asynchronous), and every later message of that link waits behind them.
    const run = () => (this.links.get(link) === pl && !this.closed ? this._process(pl, e) : undefined);
    if (pl.busy === 0) {
      const r = run();
      if (!r) return;
      pl.busy++;
      pl.chain = r.catch((err) => console.error('weft: overlay handler failed', err)).finally(() => pl.busy--);
      return;
    }
    pl.busy++;
    pl.chain = pl.chain.then(run).catch((err) => console.error('weft: overlay handler failed', err)).finally(() => pl.busy--);
  }

  /** @returns {Promise<void>|undefined} a promise when the message needs an asynchronous check first */
  _process(pl, e) {
    if (e.type === 'auth' && pl.hello && !pl.peer) return this._onAuth(pl, e);
    if ((e.type === 'bcast' || e.type === 'signal') && pl.peer) {
      if (e.type === 'bcast' && this.seen.has(e.id)) return this._safeDispatch(pl, e); // a copy: no check needed
      return verifyEnvelope(e).then((ok) => {
        if (this.links.get(pl.link) !== pl || this.closed) return;
        if (ok) return this._safeDispatch(pl, e);
        this._error(pl, e.id, 'BAD_SIGNATURE', `${e.type} ${e.id} does not carry a valid signature of ${e.from}; dropped`);
        this.scores.penalize(pl, C.PENALTY_BAD_SIGNATURE, 'forwarded a forged or altered message');
      });
    }
    return this._safeDispatch(pl, e);
  }

  _safeDispatch(pl, e) {
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
      if (pl.hello) return this._refuse(pl, 'AUTH_REQUIRED', `${e.type} before a valid auth`);
      if (e.type !== 'hello') return this._refuse(pl, 'HELLO_REQUIRED', 'the first message on a link must be hello');
      return this._hello_(pl, e);
    }
    pl.idleSince = this.clock.now();
    switch (e.type) {
      case 'hello': throw new OverlayError('INVALID_MESSAGE', 'hello was already received on this link');
      case 'auth': throw new OverlayError('INVALID_MESSAGE', 'auth was already received on this link');
      case 'error':
        if (e.re) this._answer(pl, e);
        return;
      case 'joined':
      case 'members-ok':
      case 'dht-nodes':
      case 'dht-vals':
      case 'dht-ok':
        if (!this._answer(pl, e)) this.scores.penalize(pl, C.PENALTY_UNSOLICITED, `unsolicited ${e.type}`);
        return;
      case 'dht-find': case 'dht-get': case 'dht-put':
        if (this.dhtServer) return this.dhtServer(pl, e); // the in-memory tests' stand-in for the nodes' DHT
        throw new OverlayError('UNKNOWN_TYPE', `a ${this.self.kind} is not a DHT member; ask a node`);
      case 'route-ok':
      case 'route-none': return this.routing.answer(pl, e);
      case 'join': return this.groups.onJoin(pl, e);
      case 'leave': return this.groups.onLeave(pl, e);
      case 'members': return this.groups.onMembers(pl, e);
      case 'route': return this.routing.onRoute(pl, e);
      case 'signal': return this.relay.onSignal(pl, e);
      case 'bcast': return this.groups.onBroadcast(pl, e);
      case 'ihave': case 'graft': case 'prune': return this.groups.onTree(pl, e);
    }
  }

  _hello_(pl, e) {
    const b = e.body;
    let peer = b.url ? { id: b.id, kind: b.kind, url: b.url } : { id: b.id, kind: b.kind };
    if (peer.id === this.self.id) {
      if (pl.link.url) this.forget(pl.link.url);
      return this._refuse(pl, 'LINK_REFUSED', 'this is a link to myself');
    }
    if (this.scores.banned(peer.id)) return this._refuse(pl, 'BANNED', `${peer.id} is refused for a while`);
    if (peer.kind === 'node' && !peer.url && pl.link.url) peer = { ...peer, url: pl.link.url };
    if (!pl.link.outbound && this.links.size > this.maxLinks) return this._refuse(pl, 'OVERLAY_FULL', `this peer keeps at most ${this.maxLinks} links`);
    pl.hello = peer;
    pl.helloNodes = b.nodes ?? [];
    if (!pl.link.outbound) pl.link.send(encode(this._hello(pl)));
    // Proof of possession (docs/overlay.md): sign their nonce, my id and theirs.
    pl.authSent = this.identity.sign(authText(b.nonce, this.self.id, peer.id)).then((sig) => {
      if (this.links.get(pl.link) === pl) this.send(pl, { type: 'auth', body: { sig } });
    });
  }

  async _onAuth(pl, e) {
    const peer = pl.hello;
    const ok = await verify(peer.id, authText(pl.nonce, peer.id, this.self.id), e.body.sig);
    if (this.links.get(pl.link) !== pl || this.closed) return;
    if (!ok) {
      // The claimed id is not proven, so it is not banned (anyone could claim a victim's id to get it
      // banned); the link closes. Nodes also ban the address; a page cannot see one.
      return this._refuse(pl, 'AUTH_FAILED', `the auth signature is not ${peer.id}'s`);
    }
    await pl.authSent;
    if (this.links.get(pl.link) !== pl || this.closed) return;
    this._ready(pl, peer);
  }

  /** Hello and a valid auth arrived: the link carries the overlay from now on. */
  _ready(pl, peer) {
    pl.peer = peer;
    const existing = this.peers.get(peer.id);
    if (existing) {
      // One link per pair: of two, both sides keep the one dialed by the smaller id (seed bug 10).
      const dialer = (x) => (x.link.outbound ? this.self.id : peer.id);
      const keepNew = dialer(pl) !== dialer(existing) ? dialer(pl) < dialer(existing) : true;
      if (!keepNew) {
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
    pl.scoredAt = this.clock.now();
    this.peers.set(peer.id, pl);
    if (peer.url) this.addKnown(peer.url);
    for (const u of pl.helloNodes) this.addKnown(u);
    this.relay.linkReady(pl);
  }

  _hello(pl) {
    const body = { id: this.self.id, kind: this.self.kind, nonce: pl.nonce, nodes: [...this.knownNodes] };
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

  /** Signs `e` as its origin (after every earlier signed message); @returns {Promise<object>} e with sig */
  sign(e) {
    const p = this._signing.then(() => signEnvelope(this.identity, e));
    this._signing = p.catch(() => {});
    return p;
  }

  /** Signs `e` and sends it to `pl` if that link is still up. */
  sendSigned(pl, e) {
    this.sign(e).then((s) => {
      if (this.links.get(pl.link) === pl) this.send(pl, s);
    }, (err) => console.error('weft: signing failed', err));
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

  /** @returns {boolean} whether `e` answered a pending request of this peer */
  _answer(pl, e) {
    const p = this.pending.get(e.re);
    if (!p || p.peerId !== pl.peer.id) return false;
    this.pending.delete(e.re);
    p.cancel();
    p.resolve(e);
    return true;
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
