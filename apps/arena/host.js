// The authoritative server of an arena game, running in the hosting tab. It owns the World and the Round
// (scores, score and time limits), takes inputs from clients over the unreliable socket, sends them snapshots
// at SNAPSHOT_HZ (positions and stars), scores and round results over the reliable one, keeps its lobby
// entry's player count current, and answers pings (so the lobby can show latency).
import { Emitter } from '/weft.js';
import { CLIENT_TIMEOUT_MS, GAME_PORT, SNAPSHOT_HZ, cleanName, decode, encode } from './protocol.js';
import { Round } from './rules.js';
import { DT, World } from './world.js';

const MAX_PLAYERS = 8;

export class ArenaHost extends Emitter {
  /**
   * @param {{sockets: any, lobby: import('/weft.js').Lobby, playerName: string,
   *          game: {name: string, map: string, mode: string, scoreLimit: number, timeLimit: number}}} o
   */
  constructor(o) {
    super();
    this._o = o;
    this.world = new World();
    this.round = new Round(o.game, performance.now());
    this.me = this.world.add(cleanName(o.playerName));
    /** @type {Map<string, {id: number, address: string, port: number, lastSeen: number}>} by peer id */
    this.clients = new Map();
    this.entry = null;
    this.maxPlayers = MAX_PLAYERS;
  }

  async start() {
    const { sockets, lobby, game } = this._o;
    this.socket = sockets.createSocket({ port: GAME_PORT });
    this.socket.on('message', (data, from) => this._onMessage(data, from));
    this._tick = setInterval(() => this._step(), DT * 1000);
    this._snap = setInterval(() => this._broadcastSnapshot(), 1000 / SNAPSHOT_HZ);
    this.entry = await lobby.publish({
      name: game.name, map: game.map, mode: game.mode, players: this.world.players.size, maxPlayers: MAX_PLAYERS,
      region: region(), info: { port: GAME_PORT, scoreLimit: game.scoreLimit, timeLimit: game.timeLimit },
    });
    this.emit('roster');
  }

  /** @param {{left: boolean, right: boolean, jump: boolean}} input */
  setLocalInput(input) {
    this.world.setInput(this.me.id, input);
  }

  /** [{id, name, color, x, y}] for drawing: the authoritative state itself. */
  view() {
    return [...this.world.players.values()].map(({ id, name, color, x, y }) => ({ id, name, color, x, y }));
  }

  /** [{id, name, color, score}] */
  roster() {
    return [...this.world.players.values()].map(({ id, name, color }) => ({ id, name, color, score: this.round.score(id) }));
  }

  /** [[x, y], ...] of the stars out now. */
  stars() {
    return this.world.activeStars();
  }

  /**
   * The round as players see it: {n, over, winner (name or null), reason ('score'|'time'|null), left (ms to the
   * time limit, or null), scoreLimit, timeLimit (minutes)}.
   */
  roundState() {
    const r = this.round;
    const winner = r.winner === null ? null : this.world.players.get(r.winner)?.name ?? null;
    return { n: r.number, over: r.over, winner, reason: r.reason, left: r.timeLeft(performance.now()),
      scoreLimit: r.scoreLimit, timeLimit: this._o.game.timeLimit };
  }

  stop() {
    clearInterval(this._tick);
    clearInterval(this._snap);
    this.entry?.remove().catch(() => {});
    this.socket?.close();
  }

  _step() {
    const now = performance.now();
    let scored = false;
    for (const id of this.world.step()) scored = this.round.addPoint(id, now) || scored;
    const turn = this.round.tick(now);
    if (turn === 'restarted') {
      this.world.resetStars();
      this.world.respawnAll();
    }
    this.world.collecting = !this.round.over;
    if (scored || turn === 'restarted') this._rosterChanged(false);
    if (turn || (scored && this.round.over)) this._roundChanged();
    for (const [peer, c] of this.clients) {
      if (now - c.lastSeen > CLIENT_TIMEOUT_MS) this._leave(peer);
    }
  }

  _onMessage(data, from) {
    const m = decode(data);
    if (!m) return;
    const client = this.clients.get(from.peer);
    switch (m.t) {
      case 'ping':
        if (Number.isInteger(m.n)) this.socket.send(encode({ t: 'pong', n: m.n }), from.address, from.port);
        break;
      case 'hello':
        if (client) {
          client.lastSeen = performance.now();
          this._welcome(client);
        } else if (this.world.players.size < MAX_PLAYERS) {
          const p = this.world.add(cleanName(m.name));
          const c = { id: p.id, address: from.address, port: from.port, lastSeen: performance.now() };
          this.clients.set(from.peer, c);
          this._welcome(c);
          this._rosterChanged();
        }
        break;
      case 'input':
        if (!client || client.port !== from.port) return;
        client.lastSeen = performance.now();
        if (Number.isInteger(m.s) && m.s > (client.seq ?? -1)) {
          client.seq = m.s;
          this.world.setInput(client.id, { left: m.l === 1, right: m.r === 1, jump: m.j === 1 });
        }
        break;
      case 'bye':
        if (client) this._leave(from.peer);
        break;
    }
  }

  _welcome(c) {
    const { map, mode } = this._o.game;
    this.socket.send(encode({ t: 'welcome', id: c.id, map, mode }), c.address, c.port, { reliable: true });
    this.socket.send(encode({ t: 'roster', players: this.roster() }), c.address, c.port, { reliable: true });
    this.socket.send(encode({ t: 'round', ...this.roundState() }), c.address, c.port, { reliable: true });
  }

  /** Tells every client how the round stands (it ended, or a new one started). */
  _roundChanged() {
    const msg = encode({ t: 'round', ...this.roundState() });
    for (const c of this.clients.values()) this.socket.send(msg, c.address, c.port, { reliable: true });
    this.emit('round');
  }

  _leave(peer) {
    const c = this.clients.get(peer);
    if (!c) return;
    this.clients.delete(peer);
    this.world.remove(c.id);
    this.round.remove(c.id);
    this._rosterChanged();
  }

  /** Sends the roster (names, colours, scores) to every client; `joinedOrLeft` also updates the lobby entry. */
  _rosterChanged(joinedOrLeft = true) {
    const msg = encode({ t: 'roster', players: this.roster() });
    for (const c of this.clients.values()) this.socket.send(msg, c.address, c.port, { reliable: true });
    if (joinedOrLeft) this.entry?.update({ players: this.world.players.size }).catch((e) => this.emit('error', e));
    this.emit('roster');
  }

  _broadcastSnapshot() {
    if (this.clients.size === 0) return;
    const p = [];
    for (const pl of this.world.players.values()) p.push([pl.id, Math.round(pl.x * 10) / 10, Math.round(pl.y * 10) / 10]);
    const msg = encode({ t: 'snap', k: this.world.tick, p, st: this.world.activeStars() });
    for (const c of this.clients.values()) this.socket.send(msg, c.address, c.port);
  }
}

/** The host's region as the seed shows it (a continent): the first part of its time zone, e.g. "Europe". */
export function region() {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
    return zone.split('/')[0].slice(0, 32) || 'Unknown';
  } catch {
    return 'Unknown';
  }
}
