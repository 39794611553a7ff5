// The DHT as seen from a browser or client (docs/overlay.md, "DHT" and "No islands"). Nodes are the DHT's
// members; this peer is a client of it: it sends `dht-get`/`dht-put` with `lookup: true` to a node it is
// linked to, and that node runs the iterative Kademlia lookup for it. Group members advertise a signed record
// under the group's key on join and every REPUBLISH_MS; a member with no neighbours, or one that stops hearing
// the group's census peer, reads the records and links to an advertised member directly (via the nodes named
// in the record), not through one particular node.
import * as C from './constants.js';
import { OverlayError } from './envelope.js';
import { hex } from './encoding.js';
import { groupKey, peerKey } from './identity.js';
import { signRecord, verifyRecord } from './signing.js';

export const CENSUS_TERM = 'weft:census';
export const CENSUS_EVERY_MS = 10_000;
export const CENSUS_SILENCE_MS = 25_000;

export class Dht {
  /** @param {import('./overlay.js').Overlay} o */
  constructor(o) {
    this.o = o;
    /** @type {Map<string, string>} group → hex key */
    this.keys = new Map();
    /** @type {Map<string, Uint8Array>} peer id → DHT key */
    this.peerKeys = new Map();
  }

  async key(group) {
    let k = this.keys.get(group);
    if (!k) {
      k = hex(await groupKey(group));
      if (this.keys.size > 256) this.keys.clear();
      this.keys.set(group, k);
    }
    return k;
  }

  /**
   * The census peer among `ids`: the one whose DHT key (SHA-256 of its public key) is closest (XOR) to the
   * group key, as the Java side's Census.
   */
  async closest(group, ids) {
    const gk = await groupKey(group);
    let best = null;
    let bestKey = null;
    for (const id of ids) {
      let k = this.peerKeys.get(id);
      if (!k) {
        k = await peerKey(id);
        if (this.peerKeys.size > 4096) this.peerKeys.clear();
        this.peerKeys.set(id, k);
      }
      if (!bestKey || closer(gk, k, bestKey)) {
        best = id;
        bestKey = k;
      }
    }
    return best;
  }

  /**
   * A linked node to ask, or null. With `dial`, a page linked to no node (it closed its WebSockets) dials a
   * known node for the next attempt (docs/overlay.md, "DHT": clients dial a known node if they have none).
   */
  node(dial = false) {
    const nodes = [...this.o.peers.values()].filter((pl) => pl.peer.kind === 'node' && pl.peer.url && !pl.noDht);
    if (nodes.length) return nodes[Math.floor(this.o.random() * nodes.length)];
    const known = [...this.o.knownNodes];
    if (dial && known.length && !this.o.closed) this.o.relay.dialKnown(known[Math.floor(this.o.random() * known.length)]);
    return null;
  }

  /** This peer's signed membership record for `group`. */
  async record(group) {
    const o = this.o;
    const via = [...o.peers.values()].filter((pl) => pl.peer.kind === 'node' && pl.peer.url)
      .slice(0, C.DHT_MAX_VIA).map((pl) => ({ id: pl.peer.id, url: pl.peer.url }));
    const rec = { peer: o.self.id, kind: o.self.kind, group, exp: Math.floor(o.wallNow()) + C.RECORD_LIFETIME_MS };
    if (o.self.url) rec.url = o.self.url;
    rec.via = via;
    return signRecord(o.identity, rec);
  }

  /** Puts this peer's record for `group` at the k closest nodes. @returns {Promise<boolean>} */
  async advertise(group) {
    const node = this.node(true);
    if (!node) return false;
    const rec = await this.record(group);
    if (!rec.via.length && !rec.url) return false; // nobody could reach us through it
    const e = this._noDht(node, await this.o.request(node, { type: 'dht-put', body: { key: await this.key(group), rec, lookup: true } }));
    return e.type === 'dht-ok';
  }

  /** The live, correctly signed records of `group`'s members (not this peer's). */
  async members(group, dial = false) {
    const node = this.node(dial);
    if (!node) throw new OverlayError('NO_ROUTE', 'no node to ask the DHT');
    const key = await this.key(group);
    const e = this._noDht(node, await this.o.request(node, { type: 'dht-get', body: { key, lookup: true } }));
    if (e.type !== 'dht-vals') throw new OverlayError(e.body?.code ?? 'NO_ROUTE', e.body?.message ?? 'no records');
    const now = this.o.wallNow();
    const out = [];
    for (const r of e.body.recs ?? []) {
      if (r.group !== group || r.exp <= now || r.exp > now + C.RECORD_LIFETIME_MS + C.CLOCK_SKEW_MS) continue;
      if (!(await verifyRecord(r))) {
        this.o.scores.penalize(node, C.PENALTY_INVALID, 'served a record with a bad signature');
        continue;
      }
      out.push(r);
    }
    return out;
  }

  /** A node that does not know the DHT messages (an older node) is not asked again on this link. */
  _noDht(node, e) {
    if (e.type === 'error' && e.body.code === 'UNKNOWN_TYPE') node.noDht = true;
    return e;
  }

  /**
   * Links to the member of record `r`: directly when it has a URL (a node), otherwise through one of the
   * nodes it is linked to (dial the via node, then the WebRTC handshake relayed [via, peer]).
   * @returns {Promise<any>} the PeerLink
   */
  async linkTo(r) {
    const o = this.o;
    const have = o.peers.get(r.peer);
    if (have) return have;
    if (r.url) return o.relay.ensureLink({ id: r.peer, kind: r.kind, url: r.url });
    const vias = [...(r.via ?? [])];
    let last = new OverlayError('NO_ROUTE', `no way to reach ${r.peer}`);
    while (vias.length) {
      const v = vias.splice(Math.floor(o.random() * vias.length), 1)[0];
      try {
        await o.relay.ensureLink({ id: v.id, kind: 'node', url: v.url });
        return await o.relay.ensureLink({ id: r.peer, kind: r.kind }, [v.id, r.peer]);
      } catch (e) {
        last = e;
      }
    }
    throw last;
  }
}

/** Whether a is closer to target than b in XOR distance (Kademlia). */
export function closer(target, a, b) {
  for (let i = 0; i < target.length; i++) {
    const da = a[i] ^ target[i];
    const db = b[i] ^ target[i];
    if (da !== db) return da < db;
  }
  return false;
}
