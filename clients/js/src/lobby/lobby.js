// The lobby (seed 004's master server) from the browser: publish a game server's entry and keep it alive,
// list entries, watch them change live. Messages: docs/protocol.md, "Lobby".
//
//   const lobby = new Lobby(peer);
//   const mine = await lobby.publish({ name: 'Friendly', map: 'dm1', mode: 'dm', players: 1, maxPlayers: 8 });
//   await mine.update({ players: 2 });             // heartbeats are sent for you
//   const stop = await lobby.watch((ev) => ...);   // {event: 'snapshot', entries} then added/updated/removed
//   await lobby.list({ mode: 'dm' });              // GET /api/lobby

import { httpOrigin } from '../config.js';
import { Emitter } from '../emitter.js';
import { ErrorCodes, WeftError } from '../errors.js';

/**
 * @typedef {{id: string, name: string, map: string, mode: string, players: number, maxPlayers: number,
 *            region: string, host: string, info: object|null, updated: number}} LobbyEntry
 * @typedef {{name: string, map: string, mode: string, players?: number, maxPlayers: number, region?: string,
 *            info?: object|null}} EntryFields
 * @typedef {{event: 'snapshot', entries: LobbyEntry[]} | {event: 'added'|'updated', entry: LobbyEntry}
 *           | {event: 'removed', id: string, reason: string}} LobbyEvent
 */

export class Lobby {
  /** @param {import('../peer.js').Peer} peer a registered Peer (its socket carries the lobby messages) */
  constructor(peer) {
    this.peer = peer;
    this._signaling = peer._signaling;
  }

  /**
   * Publishes an entry hosted by this peer; the handle keeps it alive with heartbeats until `remove()` or
   * the peer closes. Rejects with a WeftError: INVALID_MESSAGE (a field breaks its rule; the message says
   * which), LOBBY_LIMIT, NOT_REGISTERED, TIMEOUT.
   * @param {EntryFields} fields
   * @returns {Promise<PublishedEntry>}
   */
  async publish(fields) {
    const handle = new PublishedEntry(this._signaling, this.peer, fields);
    await handle._publish();
    return handle;
  }

  /**
   * The entries now, from GET /api/lobby.
   * @param {{mode?: string, map?: string}} [filter]
   * @returns {Promise<LobbyEntry[]>}
   */
  async list(filter = {}) {
    const url = new URL('/api/lobby', httpOrigin(this._signaling.url));
    if (filter.mode) url.searchParams.set('mode', filter.mode);
    if (filter.map) url.searchParams.set('map', filter.map);
    const res = await fetch(url);
    const body = await res.json();
    if (!res.ok) throw new WeftError(body.error ?? ErrorCodes.INVALID_MESSAGE, body.message ?? `HTTP ${res.status}`);
    return body;
  }

  /**
   * Calls `handler` with a snapshot, then with every addition, update and removal (entries of the filter
   * only). After a reconnect of the signaling socket it gets a fresh snapshot. Resolves, once the first
   * snapshot arrived, with a function that stops watching.
   * @param {(event: LobbyEvent) => void} handler
   * @param {{mode?: string, map?: string}} [filter]
   * @returns {Promise<() => void>}
   */
  async watch(handler, filter = {}) {
    const f = {};
    if (filter.mode) f.mode = filter.mode;
    if (filter.map) f.map = filter.map;
    const start = async () => {
      const snap = await this._signaling.request({ type: 'lobby-watch', filter: f });
      handler({ event: 'snapshot', entries: snap.entries ?? [] });
    };
    const offEvent = this._signaling.on('extension', (m) => {
      if (m.type !== 'lobby-event') return;
      if (m.event === 'removed') handler({ event: 'removed', id: m.id, reason: m.reason });
      else if (m.event === 'added' || m.event === 'updated') handler({ event: m.event, entry: m.entry });
    });
    const offReconnect = this._signaling.on('reconnected', () => start().catch(() => {}));
    try {
      await start();
    } catch (e) {
      offEvent();
      offReconnect();
      throw e;
    }
    return () => {
      offEvent();
      offReconnect();
      this._signaling.request({ type: 'lobby-unwatch' }).catch(() => {});
    };
  }
}

/**
 * An entry this peer publishes. Sends a heartbeat every third of the node's TTL and right after the signaling
 * socket reconnects; if the entry was lost (removed with the old socket, or heartbeats could not be sent in
 * time) it is published again under a new id and `republished` fires.
 *
 * Events: `republished` (LobbyEntry), `error` (WeftError from a heartbeat), `removed`.
 */
export class PublishedEntry extends Emitter {
  constructor(signaling, peer, fields) {
    super();
    this._signaling = signaling;
    /** @type {EntryFields} */
    this._fields = { ...fields };
    /** @type {LobbyEntry|null} */
    this.entry = null;
    this.removed = false;
    this._timer = null;
    // After a reconnect the entry may still be there (its heartbeat moves it to the new socket) or gone
    // (the node removed it with the old socket, or restarted): the heartbeat finds out, and republishes.
    this._offReconnect = signaling.on('reconnected', () => this._heartbeat());
    this._offClose = peer.on('close', () => this._stop());
  }

  /** The entry's id (it changes if the entry had to be published again). */
  get id() {
    return this.entry?.id ?? null;
  }

  /**
   * Changes some fields (and refreshes the TTL).
   * @param {Partial<EntryFields>} fields
   * @returns {Promise<LobbyEntry>}
   */
  async update(fields) {
    if (this.removed) throw new WeftError(ErrorCodes.LOBBY_NOT_FOUND, 'this entry was removed');
    Object.assign(this._fields, fields);
    try {
      const r = await this._signaling.request({ type: 'lobby-update', id: this.id, entry: fields });
      this.entry = r.entry;
    } catch (e) {
      if (e.code !== ErrorCodes.LOBBY_NOT_FOUND) throw e;
      await this._republish();
    }
    return this.entry;
  }

  /** Removes the entry from the lobby and stops the heartbeats. */
  async remove() {
    if (this.removed) return;
    const id = this.id;
    this._stop();
    await this._signaling.request({ type: 'lobby-remove', id }).catch((e) => {
      if (e.code !== ErrorCodes.LOBBY_NOT_FOUND) throw e;
    });
  }

  async _publish() {
    const r = await this._signaling.request({ type: 'lobby-publish', entry: this._fields });
    this.entry = r.entry;
    const every = Math.max(200, Math.floor((r.ttl ?? 15000) / 3));
    clearInterval(this._timer);
    this._timer = setInterval(() => this._heartbeat(), every);
  }

  _heartbeat() {
    if (this.removed || !this._signaling.connected) return;
    this._signaling.request({ type: 'lobby-update', id: this.id }).catch((e) => {
      if (e.code === ErrorCodes.LOBBY_NOT_FOUND) this._republish();
      else if (!this.removed) this.emit('error', e);
    });
  }

  async _republish() {
    if (this.removed) return;
    try {
      await this._publish();
      this.emit('republished', this.entry);
    } catch (e) {
      this.emit('error', e);
    }
  }

  _stop() {
    if (this.removed) return;
    this.removed = true;
    clearInterval(this._timer);
    this._offReconnect();
    this._offClose();
    this.emit('removed');
  }
}
