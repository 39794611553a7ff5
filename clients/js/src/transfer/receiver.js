import { Emitter } from '../emitter.js';
import { ErrorCodes, WeftError } from '../errors.js';
import * as F from './frames.js';
import { Sha256 } from './sha256.js';
import { fsError, opfsSink } from './sinks.js';
import { Transfer } from './transfer.js';

const RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 4000];

/**
 * Downloads files from a FileSender: connects to it, keeps its file list (`files`, event `manifest`), and
 * streams one file at a time into a sink (to disk by default), hashing it on the way. When the connection
 * drops it reconnects by itself and asks for the rest from the last byte it has, for up to `resumeTimeout`.
 *
 *   const rx = await FileReceiver.open(peer, 'sender-id');
 *   const t = rx.download(rx.files[0].id);
 *   t.on('progress', (p) => ...);  const { blob, sha256 } = await t.done;
 *
 * Events: `manifest` (FileInfo[]), `state` ('connected' | 'reconnecting' | 'closed'), `error` (WeftError:
 * the sender is gone for good).
 */
export class FileReceiver extends Emitter {
  /**
   * Connects and waits for the sender's file list. Rejects with PEER_UNAVAILABLE (the sender is not
   * online), TIMEOUT, INVALID_ARGUMENT, or INVALID_FRAME (not a file sender).
   * @param {import('../peer.js').Peer} peer
   * @param {string} senderId
   * @param {{timeout?: number, resumeTimeout?: number, sink?: (file: F.FileInfo, key: string) => Promise<any>}} [o]
   */
  static async open(peer, senderId, o = {}) {
    const r = new FileReceiver(peer, senderId, o);
    await r._connect();
    return r;
  }

  /** @private use FileReceiver.open */
  constructor(peer, senderId, o) {
    super();
    this.peer = peer;
    this.sender = senderId;
    this.timeout = o.timeout ?? 15000;
    this.resumeTimeout = o.resumeTimeout ?? 60000;
    this._sinkFor = o.sink ?? ((file, key) => opfsSink(key, file.size));
    /** @type {F.FileInfo[]} */
    this.files = [];
    this.state = 'connecting';
    this.closed = false;
    this.reconnects = 0;
    this._conn = null;
    /** @type {Transfer|null} */
    this._active = null;
    /** @type {Transfer[]} */
    this._queue = [];
    this._onManifest = null;
    this._connecting = false;
  }

  /**
   * Queues a download (one file streams at a time, in the order asked).
   * @param {number} id a file id from `files`
   * @param {{sink?: any, offset?: number}} [o] a sink (see sinks.js); default: the origin-private file
   *   system. `offset`: continue a download whose first `offset` bytes the sink already has and has hashed
   *   (a hashing sink opened with `resume`, e.g. after a page reload); the sender sends the rest.
   * @returns {Transfer}
   */
  download(id, o = {}) {
    const file = this.files.find((f) => f.id === id);
    const t = new Transfer(this, file ?? { id, name: String(id), size: 0, type: '', sha256: null });
    const offset = o.offset ?? 0;
    if (!file) t._fail(new WeftError(ErrorCodes.FILE_NOT_FOUND, `the sender does not share a file ${id}`));
    else if (this.closed) t._fail(new WeftError(ErrorCodes.CONNECTION_CLOSED, 'this receiver is closed'));
    else if (!Number.isInteger(offset) || offset < 0 || offset > file.size || (offset > 0 && !o.sink?.hashes)) {
      t._fail(new WeftError(ErrorCodes.INVALID_ARGUMENT, 'offset must be 0..size, and needs a hashing sink opened to resume'));
    } else {
      t.received = t.written = t._acked = offset;
      t._sink = o.sink ?? null;
      this._queue.push(t);
      this._next();
    }
    return t;
  }

  /** Stops everything and closes the connection. */
  close() {
    if (this.closed) return;
    this.closed = true;
    const err = new WeftError(ErrorCodes.CONNECTION_CLOSED, 'the receiver was closed');
    for (const t of [this._active, ...this._queue.splice(0)]) t?._fail(err);
    this._conn?.close();
    this._setState('closed');
  }

  async _connect() {
    const conn = await this.peer.connect(this.sender, { label: F.FILES_LABEL, timeout: this.timeout });
    if (this.closed) {
      conn.close();
      return;
    }
    const first = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new WeftError(ErrorCodes.TIMEOUT, `${this.sender} sent no file list`, { peer: this.sender })), this.timeout);
      this._onManifest = (err) => {
        clearTimeout(timer);
        this._onManifest = null;
        err ? reject(err) : resolve();
      };
    });
    this._conn = conn;
    this._connecting = true;
    conn.on('data', (d) => this._onData(conn, d));
    conn.on('close', () => this._onClose(conn));
    try {
      await first;
    } catch (e) {
      this._conn = null;
      conn.close();
      throw e;
    } finally {
      this._connecting = false;
    }
    this._setState('connected');
    const t = this._active;
    if (t && t.state === 'receiving') this._send(F.get(t.id, t.received));
  }

  _onClose(conn) {
    if (conn !== this._conn || this.closed) return;
    if (this._connecting) {
      // _connect is waiting for the file list: it fails, and whoever called it decides what next.
      this._onManifest?.(new WeftError(ErrorCodes.PEER_CLOSED, `${this.sender} closed the connection`, { peer: this.sender }));
      return;
    }
    this._conn = null;
    this._reconnect();
  }

  async _reconnect() {
    this._setState('reconnecting');
    const deadline = Date.now() + this.resumeTimeout;
    let last = null;
    for (let i = 0; !this.closed; i++) {
      const delay = RECONNECT_DELAYS_MS[Math.min(i, RECONNECT_DELAYS_MS.length - 1)];
      if (Date.now() + delay > deadline) break;
      await new Promise((r) => setTimeout(r, delay));
      if (this.closed) return;
      try {
        this.reconnects++;
        await this._connect();
        return;
      } catch (e) {
        last = e;
      }
    }
    if (this.closed) return;
    const err = new WeftError(ErrorCodes.PEER_UNAVAILABLE,
      `${this.sender} is gone (${last?.code ?? 'no answer'}): the sender must keep the page open`, { peer: this.sender });
    this.closed = true;
    for (const t of [this._active, ...this._queue.splice(0)]) t?._fail(err);
    this._setState('closed');
    this.emit('error', err);
  }

  _setState(s) {
    if (this.state === s) return;
    this.state = s;
    this.emit('state', s);
  }

  _send(m) {
    const ch = this._conn?.channel;
    if (ch && ch.readyState === 'open') ch.send(JSON.stringify(m));
  }

  _onData(conn, d) {
    if (conn !== this._conn) return;
    try {
      if (typeof d === 'string') this._onControl(F.parseControl(d));
      else this._onChunk(F.decodeChunk(d));
    } catch (e) {
      const err = e instanceof WeftError ? e : new WeftError(ErrorCodes.INVALID_FRAME, String(e?.message ?? e));
      if (this._onManifest) this._onManifest(err);
      else this._active?._fail(err);
      if (err.code === ErrorCodes.INVALID_FRAME) conn.close();
    }
  }

  /** @param {F.Control} m */
  _onControl(m) {
    const t = this._active;
    switch (m.t) {
      case 'manifest': {
        this.files = m.files;
        this.emit('manifest', this.files);
        for (const q of [...this._queue]) if (!this.files.some((f) => f.id === q.id)) q._fail(removed(q));
        if (t && !this.files.some((f) => f.id === t.id)) t._fail(removed(t));
        this._onManifest?.(null);
        break;
      }
      case 'end':
        if (t && t.id === m.id && t.state === 'receiving') this._finish(t, m);
        break;
      case 'error':
        if (this._onManifest) this._onManifest(new WeftError(m.code, m.message || m.code, { peer: this.sender }));
        else if (t && (m.id === undefined || m.id === t.id)) t._fail(new WeftError(m.code, m.message || m.code, { peer: this.sender }));
        break;
      default:
        break;
    }
  }

  _onChunk(c) {
    const t = this._active;
    if (!t || t.id !== c.id || t.state !== 'receiving') return; // left over from a cancelled request
    if (c.offset < t.received) return; // already have it
    if (c.offset > t.received) throw new WeftError(ErrorCodes.INVALID_FRAME, `a gap in file ${c.id}: expected byte ${t.received}, got ${c.offset}`);
    if (t.received + c.payload.length > t.size) throw new WeftError(ErrorCodes.INVALID_FRAME, `file ${c.id} is longer than announced`);
    const n = c.payload.length;
    t.received += n;
    const written = () => {
      t.written += n;
      if (t.written - t._acked >= F.ACK_EVERY) {
        t._acked = t.written;
        this._send(F.ack(t.id, t.written));
        t.emit('checkpoint', t.written);
      }
    };
    if (t._out.ordered) {
      // a worker sink: the chunk's buffer moves to the worker, which hashes and writes it (in order)
      t._writes = t._out.write(c.payload).then(written);
      if (t.received === t.size) t._out.flush?.(); // the sink may hold the last chunks back for a larger hand-off
    } else {
      t._hash.update(c.payload);
      t._writes = t._writes.then(() => t._out.write(c.payload)).then(written);
    }
    t._writes.catch((e) => t._fail(fsError(e)));
    t._progress();
  }

  async _finish(t, m) {
    t._setState('verifying');
    try {
      if (m.size !== t.size || t.received !== t.size) {
        throw new WeftError(ErrorCodes.INTEGRITY_FAILED, `${t.name}: got ${t.received} of ${t.size} bytes`);
      }
      await t._writes;
      const expected = t.file.sha256 ?? m.sha256;
      if (expected !== m.sha256) {
        throw new WeftError(ErrorCodes.INTEGRITY_FAILED, `${t.name}: the sender announced two different SHA-256s; download it again`);
      }
      let sha;
      let blob;
      if (t._out.hashes) {
        ({ sha256: sha, blob } = await t._out.close(expected));
        t._closed = true;
      } else {
        sha = t._hash.digestHex();
        if (sha !== expected) {
          throw new WeftError(ErrorCodes.INTEGRITY_FAILED, `${t.name} arrived damaged (SHA-256 ${sha}, the sender has ${m.sha256}); download it again`);
        }
        blob = await t._out.close();
      }
      if (t.state !== 'verifying') return;
      this._send(F.ack(t.id, t.size, true));
      t._verified(sha, blob);
    } catch (e) {
      this._send(F.ack(t.id, t.received, false));
      t._fail(e instanceof WeftError ? e : fsError(e));
    }
  }

  /** Called by a Transfer when it ends, whichever way. */
  _done(t) {
    const i = this._queue.indexOf(t);
    if (i >= 0) this._queue.splice(i, 1);
    if (this._active === t) {
      if (t.state !== 'verified') this._send(F.cancel());
      this._active = null;
      queueMicrotask(() => this._next());
    }
  }

  async _next() {
    if (this._active || this.closed) return;
    const t = this._queue.shift();
    if (!t) return;
    this._active = t;
    try {
      t._out = t._sink ?? (await this._sinkFor(t.file, `${this.sender}-${t.id}-${t.name}`));
    } catch (e) {
      t._fail(fsError(e));
      return;
    }
    if (t.state !== 'queued') {
      t._out.abort().catch(() => {});
      return;
    }
    if (!t._out.hashes) t._hash = new Sha256();
    t._setState('receiving');
    this._send(F.get(t.id, t.received));
  }
}

function removed(t) {
  return new WeftError(ErrorCodes.FILE_NOT_FOUND, `the sender stopped sharing ${t.name}`);
}
