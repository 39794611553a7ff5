import { Emitter } from '../emitter.js';

const PROGRESS_EVERY_MS = 100;
const RATE_WINDOW_MS = 2000;

/**
 * One file being received. `state`: 'queued' → 'receiving' → 'verifying' → 'verified', or 'failed' (with
 * `error`, a WeftError) or 'cancelled'. `received` bytes arrived (and hashed), `written` bytes on disk.
 * `done` resolves with {sha256, blob} once the SHA-256 matched (blob: the file as the sink gives it back,
 * disk-backed for the default sink) and rejects with the error otherwise.
 *
 * Events: `progress` ({received, written, size, rate (bytes/s), eta (s or null)}, at most every 100 ms),
 * `state` (the new state), `checkpoint` (bytes on disk, each time they are acknowledged to the sender: a
 * point to save the sink's `state()` for a resume after a reload).
 */
export class Transfer extends Emitter {
  constructor(receiver, file) {
    super();
    this._rx = receiver;
    this.file = file;
    this.id = file.id;
    this.name = file.name;
    this.size = file.size;
    this.state = 'queued';
    this.received = 0;
    this.written = 0;
    this.rate = 0;
    this.sha256 = null;
    this.error = null;
    this._acked = 0;
    this._writes = Promise.resolve();
    this._out = null;
    this._sink = null;
    this._hash = null;
    this._samples = [];
    this._lastEmit = 0;
    this.done = new Promise((resolve, reject) => {
      this._resolve = resolve;
      this._reject = reject;
    });
    this.done.catch(() => {}); // the state says it; callers that await get the error
  }

  /** Seconds left at the current rate, or null while unknown. */
  get eta() {
    return this.rate > 0 ? (this.size - this.received) / this.rate : null;
  }

  /** Stops this download (the partial file is removed). */
  cancel() {
    if (this._ended()) return;
    this._end('cancelled', null);
  }

  _ended() {
    return this.state === 'verified' || this.state === 'failed' || this.state === 'cancelled';
  }

  _setState(s) {
    this.state = s;
    this.emit('state', s);
    this._progress(true);
  }

  _progress(force = false) {
    const now = performance.now();
    if (!force && now - this._lastEmit < PROGRESS_EVERY_MS) return;
    this._lastEmit = now;
    const s = this._samples;
    s.push([now, this.received]);
    while (s.length > 2 && now - s[0][0] > RATE_WINDOW_MS) s.shift();
    const dt = (now - s[0][0]) / 1000;
    if (dt > 0.2) this.rate = (this.received - s[0][1]) / dt;
    this.emit('progress', { received: this.received, written: this.written, size: this.size, rate: this.rate, eta: this.eta });
  }

  _verified(sha256, blob) {
    this.sha256 = sha256;
    this.received = this.size;
    this._end('verified', null);
    this._resolve({ sha256, blob });
  }

  _fail(err) {
    if (this._ended()) return;
    this._end('failed', err);
  }

  _end(state, err) {
    this.error = err;
    const out = this._out;
    if (state !== 'verified' && out) out.abort().catch(() => {});
    this._setState(state);
    if (state !== 'verified') this._reject(err ?? Object.assign(new Error('cancelled'), { code: 'CANCELLED' }));
    this._rx._done(this);
  }
}
