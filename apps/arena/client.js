// A player's side of an arena game: sends inputs to the host over the unreliable socket at TICK_HZ and
// draws the world from the host's snapshots, INTERP_DELAY_MS in the past, interpolating between the two
// snapshots around that moment so motion stays smooth at 20 Hz and through lost datagrams.
import { Emitter } from '/weft.js';
import { GAME_PORT, decode, encode } from './protocol.js';
import { DT, TICK_HZ } from './world.js';

const INTERP_DELAY_MS = 100;
const HELLO_EVERY_MS = 1000;
const KEEP_SNAPSHOTS = 32;
const HOST_SILENT_MS = 4000;

export class ArenaClient extends Emitter {
  /** @param {{sockets: any, host: string, playerName: string}} o */
  constructor(o) {
    super();
    this._o = o;
    this.myId = null;
    /** @type {{id: number, name: string, color: string, score: number}[]} */
    this.players = [];
    /** @type {[number, number][]} stars out, from the newest snapshot */
    this._stars = [];
    /** @type {any} the round as the host last told it, with `at` (local ms when it arrived) */
    this._round = null;
    /** @type {{time: number, pos: Map<number, [number, number]>}[]} server time (s) → positions */
    this._snaps = [];
    this._clock = null; // {server: s, local: ms} of the newest snapshot
    this._input = { left: false, right: false, jump: false };
    this._seq = 0;
    this.lastSnapshotAt = 0;
    this.snapshots = 0;
  }

  start() {
    const { sockets, host } = this._o;
    this.socket = sockets.createSocket();
    this.socket.on('message', (data, from) => {
      if (from.peer === host && from.port === GAME_PORT) this._onMessage(decode(data));
    });
    this._hello = setInterval(() => this._sayHello(), HELLO_EVERY_MS);
    this._sayHello();
    this._inputs = setInterval(() => this._sendInput(), 1000 / TICK_HZ);
  }

  setLocalInput(input) {
    this._input = input;
  }

  stop() {
    clearInterval(this._hello);
    clearInterval(this._inputs);
    try {
      this.socket?.send(encode({ t: 'bye' }), this._o.host, GAME_PORT, { reliable: true });
    } catch {
      /* leaving anyway */
    }
    setTimeout(() => this.socket?.close(), 200);
  }

  /** Whether the host has been silent for too long. */
  get hostLost() {
    return this.lastSnapshotAt > 0 && performance.now() - this.lastSnapshotAt > HOST_SILENT_MS;
  }

  /** [{id, name, color, x, y}] interpolated for now. */
  view() {
    if (!this._clock || this._snaps.length === 0) return [];
    const t = this._clock.server + (performance.now() - this._clock.local - INTERP_DELAY_MS) / 1000;
    let a = this._snaps[0];
    let b = a;
    for (const s of this._snaps) {
      if (s.time <= t) a = s;
      if (s.time >= t) {
        b = s;
        break;
      }
      b = s;
    }
    const f = b.time > a.time ? Math.min(1, Math.max(0, (t - a.time) / (b.time - a.time))) : 1;
    const out = [];
    for (const pl of this.players) {
      const pa = a.pos.get(pl.id) ?? b.pos.get(pl.id);
      const pb = b.pos.get(pl.id) ?? pa;
      if (!pa) continue;
      out.push({ ...pl, x: pa[0] + (pb[0] - pa[0]) * f, y: pa[1] + (pb[1] - pa[1]) * f });
    }
    return out;
  }

  /** [[x, y], ...] of the stars out (newest snapshot). */
  stars() {
    return this._stars;
  }

  /** The round (see ArenaHost.roundState), its time left counted down locally; null before the first word. */
  roundState() {
    const r = this._round;
    if (!r) return null;
    const left = r.left === null ? null : Math.max(0, r.left - (performance.now() - r.at));
    return { n: r.n, over: r.over, winner: r.winner, reason: r.reason, left, scoreLimit: r.scoreLimit, timeLimit: r.timeLimit };
  }

  _sayHello() {
    if (this.myId !== null) {
      clearInterval(this._hello);
      return;
    }
    this.socket.send(encode({ t: 'hello', name: this._o.playerName }), this._o.host, GAME_PORT, { reliable: true });
  }

  _sendInput() {
    if (this.myId === null) return;
    const i = this._input;
    this.socket.send(encode({ t: 'input', s: this._seq++, l: i.left ? 1 : 0, r: i.right ? 1 : 0, j: i.jump ? 1 : 0 }),
      this._o.host, GAME_PORT);
  }

  _onMessage(m) {
    if (!m) return;
    if (m.t === 'welcome' && Number.isInteger(m.id)) {
      this.myId = m.id;
      this.emit('welcome', m);
    } else if (m.t === 'roster' && Array.isArray(m.players)) {
      this.players = m.players.filter((p) => p && Number.isInteger(p.id)).map((p) => ({
        id: p.id, name: String(p.name ?? ''), color: String(p.color ?? '#888'),
        score: Number.isInteger(p.score) ? p.score : 0 }));
      this.emit('roster');
    } else if (m.t === 'round' && Number.isInteger(m.n)) {
      this._round = { n: m.n, over: m.over === true, winner: typeof m.winner === 'string' ? m.winner : null,
        reason: m.reason === 'score' || m.reason === 'time' ? m.reason : null,
        left: typeof m.left === 'number' ? m.left : null, scoreLimit: Number(m.scoreLimit) || 0,
        timeLimit: Number(m.timeLimit) || 0, at: performance.now() };
      this.emit('round');
    } else if (m.t === 'snap' && Number.isInteger(m.k) && Array.isArray(m.p)) {
      const time = m.k * DT;
      if (this._snaps.length && time <= this._snaps[this._snaps.length - 1].time) return; // late or duplicate
      const pos = new Map();
      for (const e of m.p) if (Array.isArray(e) && e.length >= 3) pos.set(e[0], [Number(e[1]), Number(e[2])]);
      this._snaps.push({ time, pos });
      if (Array.isArray(m.st)) {
        this._stars = m.st.filter((e) => Array.isArray(e) && e.length >= 2).slice(0, 16).map((e) => [Number(e[0]), Number(e[1])]);
      }
      if (this._snaps.length > KEEP_SNAPSHOTS) this._snaps.shift();
      this._clock = { server: time, local: performance.now() };
      this.lastSnapshotAt = performance.now();
      this.snapshots++;
    }
  }
}
