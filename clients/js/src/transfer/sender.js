import { Emitter } from '../emitter.js';
import { ErrorCodes, WeftError } from '../errors.js';
import * as F from './frames.js';
import { CHUNK_SIZE, channelFlow } from './flow.js';
import { ACK_EVERY } from './frames.js';
import { sha256BlobOffThread } from './sha256.js';

/** Bytes read from disk per `slice().arrayBuffer()`; the next slice is read while this one is sent. */
const READ_SLICE = 4 * 1024 * 1024;
/** The sender never runs more than this far ahead of the receiver's last acknowledgement. */
export const WINDOW = 16 * 1024 * 1024;
/** Receivers served at once (each reads the files on its own), and control messages a receiver may send per second. */
export const MAX_RECEIVERS = 64;
export const MAX_CONTROL_PER_SECOND = 50;

/**
 * @typedef {{id: number, file: Blob, name: string, size: number, type: string, sha256: string|null,
 *            hash: Promise<string>}} SharedFile
 */

/**
 * Offers files to receivers. Files are read from disk in slices when a receiver asks for them; each
 * receiver has its own connection and pace. Hashes (SHA-256) are computed in the background once per file
 * and announced in the manifest as they become known.
 *
 *   const sender = new FileSender();
 *   sender.add(input.files);
 *   peer.on('connection', (c) => { if (c.label === FILES_LABEL) sender.serve(c); });
 *
 * Events: `change` (the list changed), `hashed` (SharedFile), `receiver` (ReceiverSession, new),
 * `progress` ({peer, id, name, sent, acked, size, verified}), `receiver-close` (ReceiverSession).
 */
export class FileSender extends Emitter {
  /** @param {{chunkSize?: number, window?: number, low?: number, high?: number, maxReceivers?: number}} [o] */
  constructor(o = {}) {
    super();
    this.chunkSize = o.chunkSize ?? CHUNK_SIZE;
    if (!Number.isInteger(this.chunkSize) || this.chunkSize < 1024 || this.chunkSize > 256 * 1024 - F.CHUNK_HEADER) {
      throw new WeftError(ErrorCodes.INVALID_ARGUMENT, 'chunkSize must be 1 KiB .. 256 KiB minus the 16-byte header');
    }
    this.window = o.window ?? WINDOW;
    if (!(this.window >= 2 * ACK_EVERY)) {
      // The receiver acknowledges every ACK_EVERY bytes: a smaller window would wait for an ack that never comes.
      throw new WeftError(ErrorCodes.INVALID_ARGUMENT, `window must be at least ${2 * ACK_EVERY} bytes`);
    }
    this.maxReceivers = o.maxReceivers ?? MAX_RECEIVERS;
    this._flowOptions = { low: o.low, high: o.high };
    /** @type {Map<number, SharedFile>} */
    this._files = new Map();
    this._nextId = 0;
    /** @type {Set<ReceiverSession>} */
    this.sessions = new Set();
    this._hashQueue = Promise.resolve();
  }

  /** The shared files, in the order they were added. */
  get files() {
    return [...this._files.values()];
  }

  /**
   * Shares files (File, Blob with a name option, FileList or arrays of them).
   * @param {Iterable<Blob>|Blob} files
   * @returns {SharedFile[]} the new entries
   */
  add(files) {
    const list = files instanceof Blob ? [files] : [...files];
    if (this._files.size + list.length > F.MAX_FILES) {
      throw new WeftError(ErrorCodes.INVALID_ARGUMENT, `at most ${F.MAX_FILES} files can be shared at once`);
    }
    const added = [];
    for (const file of list) {
      if (!(file instanceof Blob)) throw new WeftError(ErrorCodes.INVALID_ARGUMENT, 'add takes Files or Blobs');
      const raw = /** @type {any} */ (file).webkitRelativePath || /** @type {any} */ (file).name || 'file';
      const entry = /** @type {SharedFile} */ ({
        id: this._nextId++, file, name: String(raw).slice(-F.MAX_NAME), size: file.size,
        type: String(file.type || '').slice(0, F.MAX_TYPE), sha256: null,
      });
      entry.hash = this._hashQueue.then(() => sha256BlobOffThread(file)).then((h) => {
        entry.sha256 = h;
        if (this._files.get(entry.id) === entry) {
          this.emit('hashed', entry);
          this._broadcast();
        }
        return h;
      });
      this._hashQueue = entry.hash.catch(() => {}); // a read failure reaches receivers as FILE_NOT_FOUND
      this._files.set(entry.id, entry);
      added.push(entry);
    }
    this._broadcast();
    this.emit('change', this.files);
    return added;
  }

  /** Stops sharing a file; a receiver downloading it gets FILE_NOT_FOUND. */
  remove(id) {
    if (!this._files.delete(id)) return false;
    for (const s of this.sessions) s._fileRemoved(id);
    this._broadcast();
    this.emit('change', this.files);
    return true;
  }

  /**
   * Serves one receiver on an open Connection (label FILES_LABEL): sends the manifest and answers requests.
   * @param {import('../connection.js').Connection} conn
   * @returns {ReceiverSession|null} null when `maxReceivers` are already served (that receiver gets RATE_LIMITED)
   */
  serve(conn) {
    if (this.sessions.size >= this.maxReceivers) {
      if (conn.channel.readyState === 'open') {
        conn.channel.send(JSON.stringify(F.error(ErrorCodes.RATE_LIMITED, `this sender serves at most ${this.maxReceivers} receivers at once; try again later`)));
      }
      setTimeout(() => conn.close(), 1000);
      return null;
    }
    const s = new ReceiverSession(this, conn);
    this.sessions.add(s);
    conn.on('close', () => {
      s._close();
      this.sessions.delete(s);
      this.emit('receiver-close', s);
    });
    this.emit('receiver', s);
    s._send(F.manifest(this._manifest()));
    return s;
  }

  /** Closes every receiver's connection. */
  close() {
    for (const s of [...this.sessions]) s.conn.close();
  }

  _manifest() {
    return this.files.map((f) => ({ id: f.id, name: f.name, size: f.size, type: f.type, sha256: f.sha256 }));
  }

  _broadcast() {
    const m = F.manifest(this._manifest());
    for (const s of this.sessions) s._send(m);
  }
}

/**
 * One receiver's connection, as the sender sees it: `peer` (the receiver's id, set by the node, so it cannot
 * be spoofed), and the file it is streaming: `current` = {id, name, size, sent, acked, verified}.
 */
export class ReceiverSession {
  constructor(sender, conn) {
    this.sender = sender;
    this.conn = conn;
    this.peer = conn.peer;
    this.current = null;
    /** Requests received, [{id, offset}] (shows where a resumed transfer picked up). */
    this.requests = [];
    /** Where the sender waited: for the channel's buffer to drain, or for the receiver's acknowledgements. */
    this.stats = { drainWaits: 0, drainMs: 0, ackWaits: 0, ackMs: 0, readMs: 0 };
    this._run = 0;
    this._ackWaiter = null;
    this._second = 0;
    this._inSecond = 0;
    this._flow = channelFlow(conn.channel, sender._flowOptions);
    conn.on('data', (d) => this._onData(d));
  }

  _send(m) {
    if (this.conn.channel.readyState === 'open') this.conn.channel.send(JSON.stringify(m));
  }

  _onData(d) {
    if (typeof d !== 'string') return this._fail('binary data from a receiver');
    const now = Math.floor(performance.now() / 1000);
    if (now !== this._second) {
      this._second = now;
      this._inSecond = 0;
    }
    if (++this._inSecond > MAX_CONTROL_PER_SECOND) {
      this._send(F.error(ErrorCodes.RATE_LIMITED, `more than ${MAX_CONTROL_PER_SECOND} messages per second`));
      this.conn.close();
      return;
    }
    let m;
    try {
      m = F.parseControl(d);
    } catch (e) {
      return this._fail(e.message);
    }
    switch (m.t) {
      case 'get':
        this._start(m.id, m.offset);
        break;
      case 'ack':
        if (this.current && this.current.id === m.id) {
          this.current.acked = Math.min(m.bytes, this.current.size);
          if (m.verified !== undefined) this.current.verified = m.verified;
          this._progress();
          this._ackWaiter?.();
        }
        break;
      case 'cancel':
        this._run++;
        this._ackWaiter?.();
        break;
      default:
        break; // errors from the receiver are informational
    }
  }

  _fail(rule) {
    this._send(F.error(ErrorCodes.INVALID_FRAME, rule));
    this.conn.close();
  }

  _start(id, offset) {
    const run = ++this._run;
    this._ackWaiter?.();
    this.requests.push({ id, offset });
    const entry = this.sender._files.get(id);
    if (!entry) {
      this._send(F.error(ErrorCodes.FILE_NOT_FOUND, `file ${id} is no longer shared`, id));
      return;
    }
    if (offset > entry.size) {
      this._send(F.error(ErrorCodes.INVALID_FRAME, `offset ${offset} is past the end of file ${id}`, id));
      return;
    }
    this.current = { id, name: entry.name, size: entry.size, sent: offset, acked: offset, verified: undefined };
    this._progress();
    this._stream(entry, offset, run).catch((e) => {
      if (run !== this._run) return;
      const gone = !this.sender._files.has(id);
      this._send(F.error(ErrorCodes.FILE_NOT_FOUND, gone ? `file ${id} is no longer shared` : `the sender cannot read ${entry.name}: ${e?.message ?? e}`, id));
    });
  }

  async _stream(entry, offset, run) {
    const ch = this.conn.channel;
    const chunk = this.sender.chunkSize;
    const cur = this.current;
    const live = () => run === this._run && ch.readyState === 'open';
    const read = (at) => entry.file.slice(at, Math.min(entry.size, at + READ_SLICE)).arrayBuffer();
    const scratch = new Uint8Array(F.CHUNK_HEADER + chunk); // each message is built here; send() copies it
    let at = offset;
    let next = at < entry.size ? read(at) : null;
    while (next) {
      const r0 = performance.now();
      const buf = new Uint8Array(await next);
      this.stats.readMs += performance.now() - r0;
      const sliceEnd = at + buf.length;
      next = sliceEnd < entry.size ? read(sliceEnd) : null; // read ahead while this slice is sent
      for (let p = 0; p < buf.length; p += chunk) {
        while (live() && (!this._flow.ready || at + p - cur.acked >= this.sender.window)) {
          const t0 = performance.now();
          if (!this._flow.ready) {
            await this._flow.drain();
            this.stats.drainWaits++;
            this.stats.drainMs += performance.now() - t0;
          } else {
            await new Promise((resolve) => (this._ackWaiter = resolve));
            this.stats.ackWaits++;
            this.stats.ackMs += performance.now() - t0;
          }
        }
        if (!live()) return;
        ch.send(F.encodeChunk(entry.id, at + p, buf.subarray(p, Math.min(buf.length, p + chunk)), scratch));
        cur.sent = at + Math.min(buf.length, p + chunk);
      }
      at = sliceEnd;
      this._progress();
    }
    const sha = await entry.hash;
    if (live()) this._send(F.end(entry.id, entry.size, sha));
  }

  _progress() {
    const c = this.current;
    if (c) this.sender.emit('progress', { peer: this.peer, id: c.id, name: c.name, sent: c.sent, acked: c.acked, size: c.size, verified: c.verified });
  }

  _fileRemoved(id) {
    if (this.current?.id === id && this.current.verified === undefined) {
      this._run++;
      this._ackWaiter?.();
      this._send(F.error(ErrorCodes.FILE_NOT_FOUND, `the sender stopped sharing ${this.current.name}`, id));
    }
  }

  _close() {
    this._run++;
    this._ackWaiter?.();
    this._flow.dispose();
  }
}
