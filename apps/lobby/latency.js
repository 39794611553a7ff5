// Latency from this page to each game host, measured over the socket API (unreliable channel, the same
// path the game's datagrams take): a ping to the host's game port every PING_EVERY_MS, answered by a pong.
// The figure is the median of the last few round trips.
import { GAME_PORT, decode, encode } from '../arena/protocol.js';

const PING_EVERY_MS = 1000;
const KEEP = 5;

/** Seed 004's labels: under 0 (none yet) Unknown, under 100 ms Good, under 150 ms Ok, else Bad. */
export function label(ms) {
  if (ms == null || ms < 0) return 'Unknown';
  if (ms < 100) return 'Good';
  if (ms < 150) return 'Ok';
  return 'Bad';
}

export class LatencyMeter {
  /** @param {any} sockets the weft.js sockets namespace, initialised @param {() => void} onChange */
  constructor(sockets, onChange) {
    this.socket = sockets.createSocket();
    this._onChange = onChange;
    /** @type {Map<string, {rtts: number[], sent: Map<number, number>}>} by host peer id */
    this._hosts = new Map();
    this._n = 0;
    this.socket.on('message', (data, from) => this._onPong(decode(data), from.peer));
    this._timer = setInterval(() => this._pingAll(), PING_EVERY_MS);
  }

  /** Starts measuring to `host` (idempotent). */
  track(host) {
    if (!this._hosts.has(host)) {
      this._hosts.set(host, { rtts: [], sent: new Map() });
      this._ping(host);
    }
  }

  /** The hosts being measured. */
  hosts() {
    return [...this._hosts.keys()];
  }

  forget(host) {
    this._hosts.delete(host);
  }

  /** Median RTT in ms, or null before the first pong. */
  latency(host) {
    const h = this._hosts.get(host);
    if (!h || h.rtts.length === 0) return null;
    const sorted = [...h.rtts].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }

  _pingAll() {
    for (const host of this._hosts.keys()) this._ping(host);
  }

  _ping(host) {
    const h = this._hosts.get(host);
    const n = ++this._n;
    h.sent.set(n, performance.now());
    if (h.sent.size > 20) h.sent.delete(h.sent.keys().next().value);
    try {
      this.socket.send(encode({ t: 'ping', n }), host, GAME_PORT);
    } catch {
      /* retried on the next round */
    }
  }

  _onPong(m, host) {
    const h = this._hosts.get(host);
    if (!m || m.t !== 'pong' || !h || !h.sent.has(m.n)) return;
    h.rtts.push(performance.now() - h.sent.get(m.n));
    h.sent.delete(m.n);
    if (h.rtts.length > KEEP) h.rtts.shift();
    this._onChange();
  }
}
