// Plumtree broadcast per group (docs/overlay.md, "Broadcast scheme"; Leitão, Pereira, Rodrigues 2007):
// neighbours are eager (get the full `bcast`) or lazy (get `ihave {ids}`). A duplicate copy prunes its sender
// to lazy, so eager links shrink to a spanning tree (one copy per delivery); a lazy announcement of an id not
// received within GRAFT_WAIT_MS is grafted (the announcer sends the cached message and becomes eager again).
// Peers that do not speak ihave/graft/prune (older Java peers) are always flooded and never sent control
// messages: a browser peer speaks it, any other once it has sent one of them.
import * as C from './constants.js';
import { encode } from './envelope.js';

export class Plumtree {
  /** @param {import('./overlay.js').Overlay} o */
  constructor(o) {
    this.o = o;
    /** @type {Map<string, {text: string, at: number}>} message id → encoded bcast, for grafts */
    this.cache = new Map();
    /** @type {Map<string, {from: string[], cancel: Function}>} ids announced but not received */
    this.missing = new Map();
  }

  speaks(pl) {
    return pl.peer.kind === 'browser' || pl.plumtree === true;
  }

  remember(id, text) {
    const now = this.o.clock.now();
    for (const [k, v] of this.cache) {
      if (now - v.at < C.BCAST_CACHE_MS && this.cache.size < C.BCAST_CACHE_MAX) break;
      this.cache.delete(k);
    }
    this.cache.set(id, { text, at: now });
    const m = this.missing.get(id);
    if (m) {
      m.cancel();
      this.missing.delete(id);
    }
  }

  /** Sends a first copy on: the full message to eager neighbours, `ihave` to lazy ones. */
  push(s, e, text, except) {
    this.remember(e.id, text);
    for (const n of s.neighbors) {
      const pl = this.o.peers.get(n);
      if (!pl || pl === except) continue;
      if (s.lazy.has(n) && this.speaks(pl)) this.o.send(pl, { type: 'ihave', group: s.name, body: { ids: [e.id] } });
      else pl.link.send(text);
    }
  }

  /** A first copy arrived from `from`: the link is a tree edge. */
  firstFrom(s, from) {
    s.lazy.delete(from.peer.id);
  }

  /** A copy already seen arrived from `from`: prune that edge. */
  duplicateFrom(s, from) {
    if (!this.speaks(from) || s.lazy.has(from.peer.id)) return;
    s.lazy.add(from.peer.id);
    this.o.send(from, { type: 'prune', group: s.name });
  }

  onPrune(s, from) {
    from.plumtree = true;
    if (s.neighbors.has(from.peer.id)) s.lazy.add(from.peer.id);
  }

  onIhave(s, from, ids) {
    from.plumtree = true;
    for (const id of ids) {
      if (this.o.seen.has(id)) continue;
      const m = this.missing.get(id);
      if (m) {
        if (!m.from.includes(from.peer.id) && m.from.length < 8) m.from.push(from.peer.id);
        continue;
      }
      if (this.missing.size >= C.BCAST_CACHE_MAX) continue;
      const entry = { from: [from.peer.id], cancel: () => {} };
      entry.cancel = this.o.clock.schedule(C.GRAFT_WAIT_MS, () => this._graft(s, id, entry));
      this.missing.set(id, entry);
    }
  }

  _graft(s, id, entry) {
    if (this.missing.get(id) !== entry) return;
    const next = entry.from.shift();
    const pl = next && this.o.peers.get(next);
    if (pl && s.neighbors.has(next)) {
      s.lazy.delete(next);
      this.o.send(pl, { type: 'graft', group: s.name, body: { ids: [id] } });
    }
    if (entry.from.length && !this.o.seen.has(id)) {
      entry.cancel = this.o.clock.schedule(C.GRAFT_WAIT_MS, () => this._graft(s, id, entry));
    } else {
      this.missing.delete(id);
    }
  }

  onGraft(s, from, ids) {
    from.plumtree = true;
    s.lazy.delete(from.peer.id);
    for (const id of ids) {
      const c = this.cache.get(id);
      if (c) from.link.send(c.text);
    }
  }

  /** The envelope text of a bcast (as forwarded: unchanged but `ttl`). */
  static text(e) {
    return encode(e);
  }
}
