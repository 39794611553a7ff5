// A sink whose worker (file-worker.js) hashes and writes what the receiver gets, off the page's main thread:
// chunks are handed over in batches, and a worker is kept for the next sink instead of starting cold.

import { ErrorCodes, WeftError } from '../errors.js';

/** A worker sink hands received chunks to its worker in one message per this many bytes... */
const HANDOFF = 1024 * 1024;
/** ...or this long after the first chunk of a batch, whichever comes first. */
const HANDOFF_MS = 50;

/**
 * A hashing sink over file-worker.js. Chunks are transferred to the worker (no copy); `write` resolves when
 * the worker has written them. `hashes: true` tells FileReceiver not to hash on the main thread and to call
 * `close(expectedSha256)`, which rejects with INTEGRITY_FAILED (the file is dropped) on a mismatch.
 */
export async function workerSink(target, o = {}) {
  const worker = takeWorker();
  let next = 0;
  const pending = new Map();
  worker.onmessage = (ev) => {
    const p = pending.get(ev.data.id);
    pending.delete(ev.data.id);
    if (!p) return;
    if (ev.data.ok) p.resolve(ev.data);
    else if (ev.data.name === 'IntegrityError') p.reject(new WeftError(ErrorCodes.INTEGRITY_FAILED, `the file arrived damaged: ${ev.data.message}`));
    else p.reject(fsError(Object.assign(new Error(ev.data.message), { name: ev.data.name })));
  };
  let broken = false;
  worker.onerror = (ev) => {
    broken = true;
    const err = new WeftError(ErrorCodes.PERMISSION_DENIED, `the file writer failed: ${ev.message ?? 'worker error'}`);
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  const call = (op, extra = {}, transfer = []) => new Promise((resolve, reject) => {
    const id = next++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, ...extra }, transfer);
  });
  try {
    await call('open', { target, resume: o.resume }, o.transfer ?? []);
  } catch (e) {
    worker.terminate();
    throw e;
  }
  let closed = false;
  // Chunks are handed to the worker in batches (one message and one reply per HANDOFF bytes, not per chunk).
  /** @type {ArrayBuffer[]} */
  let parts = [];
  /** @type {number[]} */
  let froms = [];
  let batched = 0;
  let batch = null;
  let timer = null;
  const flush = () => {
    if (!batch) return;
    clearTimeout(timer);
    const b = batch;
    call('write', { parts, from: froms }, parts).then(b.resolve, b.reject);
    parts = [];
    froms = [];
    batched = 0;
    batch = null;
  };
  return {
    hashes: true,
    ordered: true,
    /** Bytes already in the file and hashed (opened with `resume`). */
    resumedAt: o.resume?.at ?? 0,
    /**
     * Resolves when the worker has hashed and written `bytes` (gathered with the next ones into one hand-off
     * of up to HANDOFF bytes, or after HANDOFF_MS; `flush()` sends what is gathered now).
     * @param {Uint8Array} bytes a view whose buffer this sink may take (it is transferred, not copied)
     */
    write(bytes) {
      const whole = bytes.byteOffset + bytes.length === bytes.buffer.byteLength;
      const data = whole ? bytes.buffer : bytes.slice().buffer;
      parts.push(data);
      froms.push(whole ? bytes.byteOffset : 0);
      batched += bytes.length;
      if (!batch) {
        let resolve;
        let reject;
        const done = new Promise((res, rej) => {
          resolve = res;
          reject = rej;
        });
        batch = { done, resolve, reject };
        timer = setTimeout(flush, HANDOFF_MS);
      }
      const { done } = batch;
      if (batched >= HANDOFF) flush();
      return done;
    },
    flush,
    /** {at, hash}: what a later opfsSink({resume}) continues from. */
    state: () => {
      flush();
      return call('state');
    },
    async close(expect) {
      let r;
      closed = true;
      flush();
      let clean = false;
      try {
        r = await call('close', { expect });
        clean = true;
      } catch (e) {
        clean = e instanceof WeftError && e.code === ErrorCodes.INTEGRITY_FAILED; // the worker dropped the file itself
        throw e;
      } finally {
        giveBack(worker, clean && !broken);
      }
      return { sha256: r.sha256, blob: o.file ? await guard(o.file) : null };
    },
    async abort() {
      if (closed) return;
      closed = true;
      clearTimeout(timer);
      let clean = false;
      try {
        await call('abort');
        clean = true;
      } catch {
        /* nothing to remove */
      } finally {
        giveBack(worker, clean && !broken);
      }
    },
  };
}

/** One file worker kept after its sink ended, for the next sink (a new worker starts cold: its own V8
 *  isolate, file-worker.js loaded and the SHA-256 compiled again), until IDLE_WORKER_MS without use. */
let idleWorker = null;
let idleTimer = null;
const IDLE_WORKER_MS = 10000;

function takeWorker() {
  const w = idleWorker;
  if (w) {
    idleWorker = null;
    clearTimeout(idleTimer);
    return w;
  }
  return new Worker(new URL('./file-worker.js', import.meta.url), { type: 'module' });
}

/** @param {Worker} w @param {boolean} reusable whether its last operation ended cleanly (nothing left open) */
function giveBack(w, reusable) {
  if (!reusable || idleWorker) {
    w.terminate();
    return;
  }
  w.onmessage = null;
  w.onerror = null;
  idleWorker = w;
  idleTimer = setTimeout(() => {
    if (idleWorker === w) idleWorker = null;
    w.terminate();
  }, IDLE_WORKER_MS);
}

/** Runs a file-system call, mapping the browser's errors to stable codes. */
export async function guard(fn) {
  try {
    return await fn();
  } catch (e) {
    throw fsError(e);
  }
}

/** @returns {WeftError} */
export function fsError(e) {
  if (e instanceof WeftError) return e;
  const name = e?.name ?? '';
  if (name === 'QuotaExceededError') return new WeftError(ErrorCodes.DISK_FULL, 'the disk is full: free some space and try again', { cause: e });
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'AbortError') {
    return new WeftError(ErrorCodes.PERMISSION_DENIED, 'writing the file was not allowed (or the save dialog was cancelled)', { cause: e });
  }
  return new WeftError(ErrorCodes.DISK_FULL, `the file could not be written: ${e?.message ?? e}`, { cause: e });
}
