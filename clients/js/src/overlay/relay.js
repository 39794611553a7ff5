// Making links and relaying signals hop by hop along a route (docs/overlay.md, "Relayed signaling"); the
// same rules as weft-overlay's Relay.java. A signal that cannot go on is answered to its origin with a
// `reject` (ROUTE_BROKEN), so a requester never waits out a timeout for a refusal (seed bug 6).
import * as C from './constants.js';
import { OverlayError, isValidUrl } from './envelope.js';

export class Relay {
  /** @param {import('./overlay.js').Overlay} o */
  constructor(o) {
    this.o = o;
    /** @type {Map<string, {resolve: Function, reject: Function}[]>} */
    this.waitingById = new Map();
    /** @type {Map<string, {resolve: Function, reject: Function}[]>} */
    this.waitingByUrl = new Map();
    /** @type {Map<string, number>} */
    this.dialing = new Map();
    /** @type {((from: string, back: string[], body: any) => void) | null} */
    this.handler = null;
    /** @type {((target: any, route: string[]) => void) | null} */
    this.connector = null;
  }

  /** @returns {Promise<any>} the PeerLink to `target` */
  ensureLink(target, route) {
    const o = this.o;
    const existing = o.peers.get(target.id);
    if (existing) return Promise.resolve(existing);
    if (target.id === o.self.id) return Promise.reject(new OverlayError('LINK_REFUSED', 'cannot link to myself'));
    return new Promise((resolve, reject) => {
      const w = { resolve, reject };
      const first = !this.waitingById.has(target.id);
      push(this.waitingById, target.id, w);
      o.clock.schedule(C.LINK_TIMEOUT_MS, () => this._fail(this.waitingById, target.id,
        new OverlayError('NO_ROUTE', `no link to ${target.id} within ${C.LINK_TIMEOUT_MS} ms`)));
      if (!first) return;
      if (target.url) {
        push(this.waitingByUrl, target.url, w);
        this.dialKnown(target.url);
      } else if (o.self.kind === 'node' && route?.length) {
        this.send(target.id, route, { kind: 'invite', url: o.self.url });
      } else if (this.connector && route?.length) {
        this.connector(target, route);
      } else {
        this._fail(this.waitingById, target.id, new OverlayError('LINK_REFUSED', `a ${o.self.kind} cannot link to ${target.id}`));
      }
    });
  }

  dialKnown(url) {
    if (this.dialing.has(url)) return;
    this.dialing.set(url, this.o.clock.now());
    this.o.clock.schedule(C.LINK_TIMEOUT_MS, () => this.dialing.delete(url));
    this.o.dialer(url);
  }

  dialFailed(url, reason) {
    this.dialing.delete(url);
    this._fail(this.waitingByUrl, url, new OverlayError('NO_ROUTE', `cannot reach ${url}: ${reason}`));
  }

  linkReady(pl) {
    if (pl.link.url) {
      this.dialing.delete(pl.link.url);
      done(this.waitingByUrl, pl.link.url, pl);
    }
    if (pl.peer.url) done(this.waitingByUrl, pl.peer.url, pl);
    done(this.waitingById, pl.peer.id, pl);
  }

  refusedBeforeHello(pl, e) {
    if (pl.link.url) {
      this.dialing.delete(pl.link.url);
      this._fail(this.waitingByUrl, pl.link.url, new OverlayError(e.body.code, e.body.message ?? 'refused'));
    }
  }

  /** The connector's handshake failed: whoever waits for `target` gets the error. */
  linkFailed(target, code, message) {
    this._fail(this.waitingById, target, new OverlayError(code, message));
  }

  send(to, route, body) {
    const o = this.o;
    const e = { type: 'signal', id: o.newId(), from: o.self.id, to, ttl: C.SIGNAL_TTL, body: { ...body, route } };
    const next = o.peers.get(route[0]) ?? o.peers.get(to);
    if (!next) {
      const reject = { kind: 'reject', code: 'ROUTE_BROKEN', message: `the first hop ${route[0]} is not linked`, target: to };
      this._fail(this.waitingById, to, new OverlayError(reject.code, reject.message));
      this.handler?.(to, [], reject);
      return;
    }
    o.sendSigned(next, e);
  }

  onSignal(from, e) {
    const route = e.body.route;
    if (e.to === this.o.self.id) return this._deliver(e, route);
    const at = route.indexOf(this.o.self.id);
    const nextId = at >= 0 && at + 1 < route.length ? route[at + 1] : e.to;
    const next = this.o.peers.get(nextId) ?? this.o.peers.get(e.to);
    if (!next || e.ttl <= 0) return this._bounce(e, route, at);
    this.o.send(next, { ...e, ttl: e.ttl - 1 });
  }

  _bounce(e, route, at) {
    if (e.body.kind === 'reject') return;
    const back = route.slice(0, at >= 0 ? at : route.length).reverse();
    back.push(e.from);
    this.send(e.from, back, { kind: 'reject', code: 'ROUTE_BROKEN', message: `no link from ${this.o.self.id} towards ${e.to}`, target: e.to });
  }

  _deliver(e, route) {
    const back = route.slice(0, -1).reverse();
    back.push(e.from);
    const { route: _r, ...body } = e.body;
    if (body.kind === 'invite') {
      if (isValidUrl(body.url)) {
        this.o.addKnown(body.url);
        this.dialKnown(body.url);
      }
      return;
    }
    if (body.kind === 'reject') {
      const target = typeof body.target === 'string' ? body.target : e.from;
      this._fail(this.waitingById, target, new OverlayError(String(body.code), String(body.message ?? 'refused')));
    }
    if (this.handler) this.handler(e.from, back, body);
    else if (body.kind !== 'reject') {
      this.send(e.from, back, { kind: 'reject', code: 'LINK_REFUSED', message: `${this.o.self.id} does not take ${body.kind} signals`, target: this.o.self.id });
    }
  }

  _fail(map, key, err) {
    const list = map.get(key);
    if (!list) return;
    map.delete(key);
    for (const w of list) w.reject(err);
  }
}

function push(map, key, v) {
  const list = map.get(key);
  if (list) list.push(v);
  else map.set(key, [v]);
}

function done(map, key, pl) {
  const list = map.get(key);
  if (!list) return;
  map.delete(key);
  for (const w of list) w.resolve(pl);
}
