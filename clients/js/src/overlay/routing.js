// route-group and route-to-peer over "/" (docs/overlay.md, "Routing"); the same algorithm as weft-overlay's
// Routing.java: members answer with themselves, others ask their "/" neighbours except the asker, first
// positive answer wins, routes are cached 60 s, a query id seen twice is answered route-none (loops end).
import * as C from './constants.js';

export class Routing {
  /** @param {import('./overlay.js').Overlay} o */
  constructor(o) {
    this.o = o;
    /** @type {Map<string, {route: any[], at: number}>} */
    this.cache = new Map();
    /** @type {Map<string, any>} */
    this.queries = new Map();
  }

  /** @returns {Promise<any[]>} hops from a linked peer to a member; [] if none */
  find(group, noCache = false, exclude = []) {
    const o = this.o;
    const id = o.newId();
    o.seen.add(id, o.clock.now());
    const cached = noCache || exclude.length ? null : this._cached(group);
    if (cached) return Promise.resolve(cached);
    return new Promise((resolve) => {
      const q = { id, group, peer: null, asker: null, resolve, exclude: exclude.slice(0, C.MAX_EXCLUDE) };
      this._ask(q, null, C.ROUTE_TTL, noCache, C.ROUTE_TIMEOUT_MS);
    });
  }

  /** @returns {Promise<any[]>} hops to the peer `id` (ending with it); [] if none */
  findPeer(id) {
    const o = this.o;
    const direct = o.peers.get(id);
    if (direct) return Promise.resolve([direct.peer]);
    return new Promise((resolve) => {
      const q = { id: o.newId(), group: null, peer: id, asker: null, resolve, exclude: [] };
      o.seen.add(q.id, o.clock.now());
      this._ask(q, null, C.ROUTE_TTL, true, C.ROUTE_TIMEOUT_MS);
    });
  }

  onRoute(from, e) {
    const o = this.o;
    const b = e.body;
    const exclude = Array.isArray(b.exclude) ? b.exclude.filter((x) => typeof x === 'string').slice(0, C.MAX_EXCLUDE) : [];
    if (!o.seen.add(e.id, o.clock.now()) || o.self.kind === 'client') return this._none(from, e.id);
    if (b.peer) {
      if (b.peer === o.self.id) return this._reply(from, e.id, [o.self]);
      const t = o.peers.get(b.peer);
      if (t) return this._reply(from, e.id, [o.self, t.peer]);
      if (e.ttl <= 0) return this._none(from, e.id);
      const q = { id: e.id, group: null, peer: b.peer, asker: from, resolve: null, exclude: [] };
      return this._ask(q, from, e.ttl - 1, true, C.ROUTE_HOP_TIMEOUT_MS * Math.max(1, e.ttl));
    }
    const group = b.group;
    const noCache = b.noCache === true || exclude.length > 0;
    if (o.groups.answersFor(group) && !exclude.includes(o.self.id)) {
      return this._reply(from, e.id, [o.self]);
    }
    const cached = noCache ? null : this._cached(group);
    if (cached && !cached.some((p) => p.id === from.peer.id)) return this._reply(from, e.id, [o.self, ...cached]);
    if (e.ttl <= 0) return this._none(from, e.id);
    const q = { id: e.id, group, peer: null, asker: from, resolve: null, exclude };
    this._ask(q, from, e.ttl - 1, noCache, C.ROUTE_HOP_TIMEOUT_MS * Math.max(1, e.ttl));
  }

  _ask(q, except, ttl, noCache, timeoutMs) {
    const o = this.o;
    const body = q.peer ? { peer: q.peer } : { group: q.group };
    if (noCache) body.noCache = true;
    if (q.exclude.length) body.exclude = q.exclude;
    const targets = [...o.peers.values()].filter((pl) => pl !== except && pl.peer.kind !== 'client');
    if (targets.length === 0) return this._finish(q, null);
    q.outstanding = targets.length;
    q.done = false;
    this.queries.set(q.id, q);
    q.timer = o.clock.schedule(timeoutMs, () => this._finish(q, null));
    const msg = { type: 'route', id: q.id, ttl, group: C.ROOT, body };
    for (const pl of targets) o.send(pl, msg);
  }

  answer(from, e) {
    const q = this.queries.get(e.re);
    if (!q || q.done) return;
    if (e.type === 'route-ok') {
      const route = e.body.route;
      if (route[0].id === from.peer.id && !route.some((p) => p.id === this.o.self.id)) {
        if (q.group) this.cache.set(q.group, { route, at: this.o.clock.now() });
        return this._finish(q, route);
      }
    }
    if (--q.outstanding <= 0) this._finish(q, null);
  }

  linkLost(peerId) {
    for (const [g, c] of this.cache) if (c.route[0].id === peerId) this.cache.delete(g);
  }

  forget(group) {
    this.cache.delete(group);
  }

  _finish(q, route) {
    if (q.done) return;
    q.done = true;
    this.queries.delete(q.id);
    q.timer?.();
    if (q.resolve) q.resolve(route ?? []);
    else if (!route) this._none(q.asker, q.id);
    else if (this.o.links.has(q.asker.link)) this._reply(q.asker, q.id, [this.o.self, ...route]);
  }

  _cached(group) {
    const c = this.cache.get(group);
    if (!c) return null;
    if (this.o.clock.now() - c.at > C.ROUTE_CACHE_MS || !this.o.peers.has(c.route[0].id)) {
      this.cache.delete(group);
      return null;
    }
    return c.route;
  }

  _reply(to, re, route) {
    if (route.length > C.ROUTE_TTL + 1) return this._none(to, re);
    this.o.send(to, { type: 'route-ok', re, body: { route: route.map(peerJson) } });
  }

  _none(to, re) {
    this.o.send(to, { type: 'route-none', re });
  }
}

export function peerJson(p) {
  return p.url ? { id: p.id, kind: p.kind, url: p.url } : { id: p.id, kind: p.kind };
}
