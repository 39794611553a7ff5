// Group membership, water marks and broadcast (docs/overlay.md, "Groups"); the same rules as weft-overlay's
// Groups.java. Neighbours share the peer's links (one per peer pair).
import * as C from './constants.js';
import { OverlayError, isValidGroup, isValidTerm, encode } from './envelope.js';
import { CENSUS_TERM, CENSUS_EVERY_MS, CENSUS_SILENCE_MS } from './dht.js';
import { Plumtree } from './plumtree.js';

/** How old the cached group records may be for the census check (a lookup per member per 30 s). */
const RECORDS_REFRESH_MS = 30_000;

export class Groups {
  /** @param {import('./overlay.js').Overlay} o */
  constructor(o) {
    this.o = o;
    /** @type {Map<string, {name: string, neighbors: Set<string>, busy: boolean, lastReroute: number}>} */
    this.groups = new Map();
    this.tree = new Plumtree(o);
  }

  isMember(g) {
    return this.groups.has(g);
  }

  hasRoom(g) {
    const s = this.groups.get(g);
    return !!s && s.neighbors.size < this.o.groupFull;
  }

  /** Whether this peer answers a route query for `g`: a settled member (joined or creator) with room. */
  answersFor(g) {
    const s = this.groups.get(g);
    return !!s && s.ready && s.neighbors.size < this.o.groupFull;
  }

  neighbors(g) {
    return [...(this.groups.get(g)?.neighbors ?? [])];
  }

  names() {
    return [...this.groups.keys()];
  }

  /** @returns {Promise<void>} */
  async join(g) {
    if (!isValidGroup(g) || g === C.ROOT) {
      throw new OverlayError('INVALID_ARGUMENT', 'a group name is 1-64 of [A-Za-z0-9_.:-] starting with a letter or digit');
    }
    if (this.groups.has(g)) return;
    if (this.groups.size >= C.MAX_GROUPS) throw new OverlayError('INVALID_ARGUMENT', `at most ${C.MAX_GROUPS} groups`);
    const now = this.o.clock.now();
    const s = {
      name: g, neighbors: new Set(), lazy: new Set(), busy: true, ready: false, lastReroute: now,
      // DHT (dht.js): when this peer last advertised, checked the census, heard each census peer.
      dhtBusy: false, advertisedAt: -Infinity, censusAt: now - CENSUS_EVERY_MS + 3000, heard: new Map(), census: null, censusSince: now,
    };
    this.groups.set(g, s);
    try {
      await this._findAndJoin(s, false, []);
    } catch {
      // Stay a member alone; maintenance tries again.
    } finally {
      s.busy = false;
    }
  }

  async _findAndJoin(s, noCache, exclude) {
    const o = this.o;
    if (o.self.kind === 'client') {
      const node = [...o.peers.values()].find((pl) => pl.peer.kind === 'node');
      if (node) await this._requestJoin(s, node);
      return;
    }
    const route = await o.routing.find(s.name, noCache, exclude);
    if (route.length === 0 || this.groups.get(s.name) !== s) {
      if (s.neighbors.size === 0 && exclude.length === 0) s.ready = true; // nobody within reach: created it
      return;
    }
    const member = route[route.length - 1];
    try {
      const pl = await o.relay.ensureLink(member, route.map((p) => p.id));
      await this._requestJoin(s, pl);
    } catch (e) {
      if (exclude.length) throw e;
      // Refused (full) or unreachable: ask again past that member, without cached routes.
      await this._findAndJoin(s, true, [member.id, o.self.id]);
    }
  }

  async _requestJoin(s, pl) {
    if (s.neighbors.has(pl.peer.id)) return;
    const e = await this.o.request(pl, { type: 'join', group: s.name });
    if (e.type === 'joined' && this.groups.get(s.name) === s && this.o.links.has(pl.link)) this._add(s, pl);
    else if (e.type === 'error') throw new OverlayError(e.body.code, e.body.message ?? 'refused');
  }

  leave(g) {
    const s = this.groups.get(g);
    if (!s) return;
    this.groups.delete(g);
    for (const n of s.neighbors) {
      const pl = this.o.peers.get(n);
      if (!pl) continue;
      pl.groups.delete(g);
      pl.idleSince = this.o.clock.now();
      this.o.send(pl, { type: 'leave', group: g });
    }
    this.o.routing.forget(g);
  }

  onJoin(pl, e) {
    const s = this.groups.get(e.group);
    if (!s) throw new OverlayError('NOT_IN_GROUP', `${this.o.self.id} is not in ${e.group}`);
    if (!s.neighbors.has(pl.peer.id) && s.neighbors.size >= this.o.groupFull) {
      throw new OverlayError('GROUP_FULL', `${this.o.self.id} has ${s.neighbors.size} neighbours in ${e.group}`);
    }
    this._add(s, pl);
    this.o.send(pl, { type: 'joined', re: e.id, group: e.group });
  }

  onLeave(pl, e) {
    const s = this.groups.get(e.group);
    if (s) this._remove(s, pl);
  }

  /** ihave / graft / prune (plumtree.js); from a non-neighbour: ignored. */
  onTree(pl, e) {
    const s = this.groups.get(e.group);
    if (!s || !s.neighbors.has(pl.peer.id)) return;
    if (e.type === 'prune') this.tree.onPrune(s, pl);
    else if (e.type === 'ihave') this.tree.onIhave(s, pl, e.body.ids);
    else this.tree.onGraft(s, pl, e.body.ids);
  }

  onMembers(pl, e) {
    const s = this.groups.get(e.group);
    if (!s) throw new OverlayError('NOT_IN_GROUP', `${this.o.self.id} is not in ${e.group}`);
    const peers = [];
    for (const n of s.neighbors) {
      const m = this.o.peers.get(n);
      if (m && m !== pl && peers.length < C.MAX_MEMBERS) peers.push(m.peer.url ? { id: m.peer.id, kind: m.peer.kind, url: m.peer.url } : { id: m.peer.id, kind: m.peer.kind });
    }
    this.o.send(pl, { type: 'members-ok', re: e.id, group: e.group, body: { peers } });
  }

  _add(s, pl) {
    s.ready = true;
    if (s.neighbors.has(pl.peer.id)) return;
    s.neighbors.add(pl.peer.id);
    pl.groups.add(s.name);
    this.o.events.neighborJoined(s.name, pl.peer.id);
  }

  _remove(s, pl) {
    s.lazy.delete(pl.peer.id);
    if (!s.neighbors.delete(pl.peer.id)) return;
    pl.groups.delete(s.name);
    pl.idleSince = this.o.clock.now();
    this.o.events.neighborLeft(s.name, pl.peer.id);
  }

  linkLost(pl) {
    for (const g of [...pl.groups]) {
      const s = this.groups.get(g);
      if (s) this._remove(s, pl);
    }
  }

  broadcast(g, term, payload) {
    const s = this.groups.get(g);
    if (!s || g === C.ROOT) throw new OverlayError('NOT_IN_GROUP', 'broadcast only to a group this peer is in (not "/")');
    if (!isValidTerm(term)) throw new OverlayError('INVALID_ARGUMENT', 'term must be 1-64 of [A-Za-z0-9_.:/-]');
    const id = this.o.newId();
    this.o.seen.add(id, this.o.clock.now());
    const e = { type: 'bcast', id, from: this.o.self.id, group: g, body: { term, payload: payload ?? null } };
    if (new TextEncoder().encode(encode({ ...e, sig: 'x'.repeat(86) })).length > C.MAX_MESSAGE_BYTES) {
      throw new OverlayError('MESSAGE_TOO_LARGE', `a broadcast may be at most ${C.MAX_MESSAGE_BYTES} bytes`);
    }
    // Signed by this peer (docs/overlay.md, "Signed messages"); sent to the neighbours of the moment it is signed.
    this.o.sign(e).then((signed) => {
      const now = this.groups.get(g);
      if (now) this.tree.push(now, signed, encode(signed), null);
    }, (err) => console.error('weft: signing failed', err));
    return id;
  }

  onBroadcast(from, e) {
    if (e.group === C.ROOT) throw new OverlayError('NOT_IN_GROUP', 'no broadcast to "/"');
    const s = this.groups.get(e.group);
    if (!s || !s.neighbors.has(from.peer.id)) {
      this.o.send(from, { type: 'leave', group: e.group });
      return;
    }
    if (!this.o.seen.add(e.id, this.o.clock.now())) return this.tree.duplicateFrom(s, from);
    this.tree.firstFrom(s, from);
    this.tree.push(s, e, encode(e), from);
    if (e.body.term === CENSUS_TERM) {
      s.heard.set(e.from, this.o.clock.now()); // the overlay's own heartbeat: not for the application
      return;
    }
    if (e.from !== this.o.self.id) this.o.events.message(e.group, e.from, e.body.term, e.body.payload);
  }

  maintain() {
    const o = this.o;
    const now = o.clock.now();
    for (const s of [...this.groups.values()]) {
      if (s.busy) continue;
      const n = s.neighbors.size;
      if (o.self.kind !== 'node' && !s.dhtBusy) this._dhtWork(s, now);
      if (n === 0) {
        if (now - s.lastReroute >= 2000 && o.peers.size > 0) {
          s.lastReroute = now;
          // Records from the DHT first (any advertised member, no particular node on the way), the
          // route-group search over "/" if the DHT has none.
          this._run(s, this._joinFromDht(s).then((ok) => ok || this._findAndJoin(s, true, [])));
        }
      } else if (n < C.LOW_WATER && o.self.kind !== 'client' && o.links.size < o.maxLinks) {
        if (now - (s.lastDhtFill ?? -Infinity) >= 10_000 && s.recs?.length) {
          // Below the low water mark: an advertised member from the DHT records (as Java's Groups, every 10 s).
          s.lastDhtFill = now;
          this._run(s, this._joinFromDht(s));
        } else if (now - s.lastReroute >= 5000) {
          s.lastReroute = now;
          this._run(s, this._findAndJoin(s, true, [...s.neighbors, o.self.id]));
        } else {
          this._run(s, this._findMore(s));
        }
      } else if (n > C.HIGH_WATER && o.self.kind !== 'node') {
        this._run(s, this._dropOne(s));
      }
    }
    if (o.self.kind !== 'node') {
      for (const pl of [...o.peers.values()]) {
        if (pl.groups.size === 0 && pl.peer.kind !== 'node' && now - pl.idleSince > 4000 && !pl.keep) pl.link.close();
      }
    }
  }

  /** Advertise on join and every REPUBLISH_MS; every CENSUS_EVERY_MS, the census check (docs/overlay.md). */
  _dhtWork(s, now) {
    const o = this.o;
    let work = null;
    if (s.ready && now - s.advertisedAt >= C.REPUBLISH_MS) {
      work = o.dht.advertise(s.name).then((ok) => {
        s.advertisedAt = ok ? o.clock.now() : o.clock.now() - C.REPUBLISH_MS + 5000;
      });
    } else if (s.ready && now - s.censusAt >= CENSUS_EVERY_MS) {
      s.censusAt = now;
      work = this._census(s);
    }
    if (!work) return;
    s.dhtBusy = true;
    work.catch(() => {}).finally(() => (s.dhtBusy = false));
  }

  /**
   * Split detection and healing: the live advertised member (self included) whose DHT key is closest to the
   * group key is the group's census peer (as Java's Census);
   * it broadcasts a signed census term every CENSUS_EVERY_MS. A member that has not heard it for
   * CENSUS_SILENCE_MS while its record is fresh is in another part of a split group: it links to it (or,
   * failing, to a random advertised member it is not linked to).
   */
  async _census(s) {
    const o = this.o;
    if (!s.recs || o.clock.now() - s.recsAt >= RECORDS_REFRESH_MS) {
      s.recs = await o.dht.members(s.name);
      s.recsAt = o.clock.now();
    }
    const wall = o.wallNow();
    const recs = s.recs.filter((r) => r.exp > wall);
    if (this.groups.get(s.name) !== s) return;
    // Census peers heard lately count too: a DHT answer holds only the newest adverts, so in a large group many
    // members see none closer than themselves; hearing a closer census makes them stand down (as Java's
    // Census.closestHeard), and entries older than the silence period are forgotten.
    const t = o.clock.now();
    for (const [id, at] of s.heard) if (t - at >= CENSUS_SILENCE_MS) s.heard.delete(id);
    const census = await o.dht.closest(s.name, [o.self.id, ...recs.map((r) => r.peer), ...s.heard.keys()]);
    if (this.groups.get(s.name) !== s) return;
    const now = o.clock.now();
    if (census !== s.census) {
      s.census = census;
      s.censusSince = now;
    }
    if (census === o.self.id) {
      if (s.neighbors.size > 0) this.broadcast(s.name, CENSUS_TERM, {});
      return;
    }
    const heard = Math.max(s.heard.get(census) ?? -Infinity, s.censusSince);
    if (now - heard < CENSUS_SILENCE_MS || s.neighbors.has(census)) return;
    s.censusSince = now; // one healing attempt per silence period
    // A random 0-5 s wait, so one member of a cut-off part acts and the others hear the census through it.
    await new Promise((resolve) => o.clock.schedule(Math.floor(o.random() * 5000), resolve));
    if (this.groups.get(s.name) !== s || s.neighbors.has(census) || (s.heard.get(census) ?? -Infinity) > now) return;
    const target = recs.find((r) => r.peer === census);
    const others = recs.filter((r) => r.peer !== census && !s.neighbors.has(r.peer));
    for (const r of [target, ...shuffle(others, o.random)].slice(0, 3)) {
      try {
        const pl = await o.dht.linkTo(r);
        await this._requestJoin(s, pl);
        return;
      } catch {
        // next candidate
      }
    }
  }

  /** No neighbours: link to a live advertised member from the DHT. @returns {Promise<boolean>} */
  async _joinFromDht(s) {
    const o = this.o;
    let recs;
    try {
      recs = await o.dht.members(s.name, true);
      s.recs = recs;
      s.recsAt = o.clock.now();
    } catch {
      return false;
    }
    const candidates = shuffle(recs.filter((r) => r.peer !== o.self.id && !s.neighbors.has(r.peer)), o.random);
    for (const r of candidates.slice(0, 3)) {
      if (this.groups.get(s.name) !== s) return true;
      try {
        const pl = await o.dht.linkTo(r);
        await this._requestJoin(s, pl);
        return true;
      } catch {
        // next candidate
      }
    }
    return false;
  }

  _run(s, work) {
    s.busy = true;
    work.catch(() => {}).finally(() => (s.busy = false));
  }

  /** Above the high mark: leave a crowded neighbour that shares another neighbour with us (Groups.java). */
  async _dropOne(s) {
    const o = this.o;
    const list = [...s.neighbors];
    const x = o.peers.get(list[Math.floor(o.random() * list.length)]);
    if (!x) return;
    const e = await o.request(x, { type: 'members', group: s.name });
    if (e.type !== 'members-ok' || this.groups.get(s.name) !== s || !s.neighbors.has(x.peer.id)) return;
    const theirs = e.body.peers;
    if (theirs.some((p) => s.neighbors.has(p.id)) && theirs.length >= C.HIGH_WATER && s.neighbors.size > C.HIGH_WATER) {
      o.send(x, { type: 'leave', group: s.name });
      this._remove(s, x);
    }
  }

  async _findMore(s) {
    const o = this.o;
    const list = [...s.neighbors];
    const via = o.peers.get(list[Math.floor(o.random() * list.length)]);
    if (!via) return;
    const e = await o.request(via, { type: 'members', group: s.name });
    if (e.type !== 'members-ok' || this.groups.get(s.name) !== s) return;
    const candidates = e.body.peers.filter((p) => p.id !== o.self.id && !s.neighbors.has(p.id) && this._reachable(p));
    if (candidates.length === 0) return;
    const pick = candidates[Math.floor(o.random() * candidates.length)];
    const pl = await o.relay.ensureLink(pick, [via.peer.id, pick.id]);
    await this._requestJoin(s, pl);
  }

  _reachable(p) {
    const k = this.o.self.kind;
    return !!p.url || this.o.peers.has(p.id) || (k === 'node' && p.kind === 'browser')
      || (k === 'browser' && p.kind === 'browser' && !!this.o.relay.connector);
  }
}

function shuffle(list, random) {
  const a = [...list];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
