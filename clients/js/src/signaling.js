import { Emitter } from './emitter.js';
import { ErrorCodes, WeftError } from './errors.js';
import { RELAY_TYPES, encode, parseServerMessage } from './protocol.js';

/** Reconnect delays in ms (Phoenix-style steps, then 5 s), each with up to 20% jitter. */
export const RECONNECT_STEPS = Object.freeze([100, 250, 500, 1000, 2000, 5000]);
const OPEN_TIMEOUT_MS = 10000;
const PING_EVERY_MS = 10000;
const SILENCE_LIMIT_MS = 25000;
const MAX_QUEUED = 512;

/**
 * The signaling socket to a node: registers, relays, keeps itself alive, and reconnects with backoff,
 * reclaiming the same id with its token.
 *
 * Events: `message` (a parsed server message of a relay type or peer-left), `extension` (a feature's
 * message that answers no request, e.g. `lobby-event`), `error` (WeftError from the node
 * that is not tied to a pending call), `node-error` (every node error, with its ref/to), `disconnected`,
 * `reconnected`, `close` (for good).
 */
export class SignalingClient extends Emitter {
  /**
   * @param {{url: string, id?: string, token?: string, WebSocket?: typeof WebSocket}} options
   */
  constructor(options) {
    super();
    this.url = options.url;
    /** @type {string|undefined} */
    this.id = options.id;
    /** @type {string|undefined} */
    this.token = options.token;
    this._WebSocket = options.WebSocket ?? globalThis.WebSocket;
    /** @type {WebSocket|null} */
    this._ws = null;
    this._registered = false;
    this._closed = false;
    this._attempt = 0;
    /** @type {string[]} */
    this._queue = [];
    this._lastHeard = 0;
    this._timer = null;
    this._reconnectTimer = null;
    /** @type {Map<string, {resolve: Function, reject: Function, timer: any}>} requests awaiting their answer, by ref */
    this._requests = new Map();
    this._refs = 0;
    this._onOnline = () => {
      if (!this._registered && !this._closed && this._reconnectTimer) {
        clearTimeout(this._reconnectTimer);
        this._reconnectTimer = null;
        this._connect(false);
      }
    };
  }

  /** Opens the socket and registers. Rejects with SERVER_UNREACHABLE, ID_TAKEN, INVALID_ID, INVALID_TOKEN. */
  open() {
    return new Promise((resolve, reject) => {
      this._pendingOpen = { resolve, reject };
      this._connect(true);
      globalThis.addEventListener?.('online', this._onOnline);
    });
  }

  get connected() {
    return this._registered;
  }

  /**
   * Sends a relay message. While disconnected it is queued (bounded) and sent after the reconnect.
   * @param {string} type @param {string} to @param {unknown} payload @param {string} [ref]
   */
  relay(type, to, payload, ref) {
    this._send(encode.relay(type, to, payload, ref));
  }

  /**
   * Sends a feature's message (e.g. `{type: 'lobby-publish', ...}`) and resolves with the node's answer
   * (the next message carrying the same `ref`), or rejects with the node's error as a WeftError, or TIMEOUT.
   * Queued like relays while the socket is down.
   * @param {{type: string, [k: string]: unknown}} message
   * @param {{timeout?: number}} [options]
   * @returns {Promise<{type: string, [k: string]: any}>}
   */
  request(message, options = {}) {
    const ref = `x.${++this._refs}`;
    const timeout = options.timeout ?? 10000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this._requests.delete(ref);
        reject(new WeftError(ErrorCodes.TIMEOUT, `no answer to ${message.type} within ${timeout} ms`));
      }, timeout);
      this._requests.set(ref, { resolve, reject, timer });
      this._send(JSON.stringify({ ...message, ref }));
    });
  }

  /** Settles the request a node message answers; false if it answers none. */
  _settle(m) {
    const pending = typeof m.ref === 'string' ? this._requests.get(m.ref) : undefined;
    if (!pending) return false;
    this._requests.delete(m.ref);
    clearTimeout(pending.timer);
    if (m.type === 'error') pending.reject(Object.assign(new WeftError(m.code, m.message), { ref: m.ref }));
    else pending.resolve(m);
    return true;
  }

  _send(text) {
    if (this._registered && this._ws?.readyState === 1) {
      this._ws.send(text);
    } else if (!this._closed) {
      if (this._queue.length >= MAX_QUEUED) this._queue.shift();
      this._queue.push(text);
    }
  }

  /** Leaves the network: the node releases the id at once. */
  close() {
    if (this._closed) return;
    this._closed = true;
    globalThis.removeEventListener?.('online', this._onOnline);
    clearInterval(this._timer);
    clearTimeout(this._reconnectTimer);
    const ws = this._ws;
    this._ws = null;
    if (ws && ws.readyState === 1) {
      try {
        ws.send(encode.leave());
      } catch {
        /* closing anyway */
      }
      ws.close(1000, 'leave');
    } else if (ws) {
      ws.close();
    }
    this._registered = false;
    for (const [ref, p] of this._requests) {
      clearTimeout(p.timer);
      p.reject(Object.assign(new WeftError(ErrorCodes.CONNECTION_CLOSED, 'the signaling socket was closed'), { ref }));
    }
    this._requests.clear();
    this.emit('close');
  }

  _connect(first) {
    let ws;
    try {
      ws = new this._WebSocket(this.url);
    } catch (e) {
      this._failOpen(new WeftError(ErrorCodes.SERVER_UNREACHABLE, `cannot open ${this.url}: ${e}`, { cause: e }));
      return;
    }
    this._ws = ws;
    const openTimer = setTimeout(() => {
      if (!this._registered && this._ws === ws) ws.close();
    }, OPEN_TIMEOUT_MS);
    ws.onopen = () => {
      ws.send(encode.register({ id: this.id, token: this.token }));
    };
    ws.onmessage = (ev) => {
      this._lastHeard = Date.now();
      const m = parseServerMessage(typeof ev.data === 'string' ? ev.data : '');
      if (!m) return;
      if (m.type === 'registered') {
        clearTimeout(openTimer);
        this._onRegistered(m, first);
      } else if (m.type === 'error') {
        if (!this._settle(m)) this._onNodeError(m, first);
      } else if (RELAY_TYPES.includes(m.type) || m.type === 'peer-left') {
        this.emit('message', m);
      } else if (m.type !== 'pong' && !this._settle(m)) {
        this.emit('extension', m);
      }
    };
    ws.onclose = (ev) => {
      clearTimeout(openTimer);
      if (this._ws !== ws) return;
      this._ws = null;
      const wasRegistered = this._registered;
      this._registered = false;
      clearInterval(this._timer);
      if (this._closed) return;
      if (this._pendingOpen) {
        this._failOpen(new WeftError(ErrorCodes.SERVER_UNREACHABLE,
          `cannot reach the signaling server at ${this.url} (close code ${ev.code})`));
        return;
      }
      if (ev.code === 4001) {
        // Another connection reclaimed our id with our token: this Peer is superseded.
        this.emit('error', new WeftError(ErrorCodes.REPLACED, 'another connection took over this id'));
        this.close();
        return;
      }
      if (wasRegistered) this.emit('disconnected');
      this._scheduleReconnect();
    };
    ws.onerror = () => {
      /* onclose follows */
    };
  }

  _onRegistered(m, first) {
    this.id = m.id;
    this.token = m.token;
    this._registered = true;
    this._attempt = 0;
    this._lastHeard = Date.now();
    clearInterval(this._timer);
    this._timer = setInterval(() => this._heartbeat(), PING_EVERY_MS);
    const queued = this._queue;
    this._queue = [];
    for (const text of queued) this._ws.send(text);
    if (this._pendingOpen) {
      const { resolve } = this._pendingOpen;
      this._pendingOpen = null;
      resolve(m.id);
    } else if (!first) {
      this.emit('reconnected');
    }
  }

  _onNodeError(m, first) {
    const err = new WeftError(m.code, m.message, { peer: m.to });
    err.ref = m.ref;
    if (!this._registered && ['ID_TAKEN', 'INVALID_ID', 'INVALID_TOKEN'].includes(m.code)) {
      if (this._pendingOpen) {
        this._failOpen(err);
      } else {
        // Our id was given away while we were gone: stop for good.
        this.emit('error', err);
        this.close();
      }
      return;
    }
    this.emit('node-error', err);
  }

  _failOpen(err) {
    const p = this._pendingOpen;
    this._pendingOpen = null;
    this._closed = true;
    globalThis.removeEventListener?.('online', this._onOnline);
    if (this._ws) {
      const ws = this._ws;
      this._ws = null;
      ws.close();
    }
    p?.reject(err);
  }

  _heartbeat() {
    const ws = this._ws;
    if (!ws || ws.readyState !== 1) return;
    if (Date.now() - this._lastHeard > SILENCE_LIMIT_MS) {
      ws.close(4000, 'silent');
      // onclose may be slow for a dead TCP connection: treat it as closed now.
      ws.onclose?.({ code: 4000 });
      return;
    }
    ws.send(encode.ping());
  }

  _scheduleReconnect() {
    const base = RECONNECT_STEPS[Math.min(this._attempt, RECONNECT_STEPS.length - 1)];
    this._attempt++;
    const delay = base + Math.random() * base * 0.2;
    this._reconnectTimer = setTimeout(() => {
      this._reconnectTimer = null;
      if (!this._closed) this._connect(false);
    }, delay);
  }
}
