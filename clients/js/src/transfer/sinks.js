// Where a received file goes. A sink is {write(Uint8Array): Promise, close(): Promise<Blob|null>,
// abort(): Promise}; writes arrive in order. Errors are mapped to DISK_FULL / PERMISSION_DENIED.

import { ErrorCodes, WeftError } from '../errors.js';

/** Writes are gathered into buffers of this size before they cross into the browser's file backend. */
const WRITE_BATCH = 1024 * 1024;

/**
 * A sink over a FileSystemWritableFileStream: from `showSaveFilePicker()` (the user picks where) or from
 * the origin-private file system (see opfsSink). Data goes to disk as it arrives.
 * @param {FileSystemWritableFileStream} writable
 * @param {{file?: () => Promise<Blob>, remove?: () => Promise<void>}} [o]
 */
export function writableSink(writable, o = {}) {
  let batch = new Uint8Array(WRITE_BATCH);
  let used = 0;
  const flush = async () => {
    if (used === 0) return;
    const data = batch.subarray(0, used);
    batch = new Uint8Array(WRITE_BATCH);
    used = 0;
    await guard(() => writable.write(data));
  };
  return {
    async write(bytes) {
      if (bytes.length >= WRITE_BATCH) {
        await flush();
        return guard(() => writable.write(bytes));
      }
      if (used + bytes.length > WRITE_BATCH) await flush();
      batch.set(bytes, used);
      used += bytes.length;
    },
    async close() {
      await flush();
      await guard(() => writable.close());
      return o.file ? o.file() : null;
    },
    async abort() {
      try {
        await writable.abort();
      } catch {
        /* already closed */
      }
      try {
        await o.remove?.();
      } catch {
        /* nothing to remove */
      }
    },
  };
}

/**
 * A sink in the origin-private file system (on disk, not in memory): the app offers the finished file
 * (a disk-backed File) to the user with a download link. Writes go through a dedicated worker's
 * FileSystemSyncAccessHandle where the browser has one, else through createWritable(). Fails with DISK_FULL
 * when the browser's quota for the origin cannot hold `size` bytes.
 * @param {string} name a name unique among concurrent transfers
 * @param {number} size
 */
export async function opfsSink(name, size) {
  if (!globalThis.navigator?.storage?.getDirectory) {
    throw new WeftError(ErrorCodes.PERMISSION_DENIED, 'this browser gives no file system to write to (private window?)');
  }
  const est = await navigator.storage.estimate?.().catch(() => null);
  if (est && typeof est.quota === 'number' && est.quota - (est.usage ?? 0) < size) {
    throw new WeftError(ErrorCodes.DISK_FULL, `not enough space for ${size} bytes: free some disk space and try again`);
  }
  const dir = await guard(async () => (await navigator.storage.getDirectory()).getDirectoryHandle('weft-share', { create: true }));
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(-120) || 'file';
  const file = () => dir.getFileHandle(safe).then((h) => h.getFile());
  if (typeof Worker === 'function') {
    try {
      return await workerSink(safe, file);
    } catch (e) {
      if (e instanceof WeftError && e.code === ErrorCodes.DISK_FULL) throw e;
      // no sync access handles in this browser's workers: write through createWritable below
    }
  }
  const handle = await guard(() => dir.getFileHandle(safe, { create: true }));
  const writable = await guard(() => handle.createWritable({ keepExistingData: false }));
  return writableSink(writable, { file, remove: () => dir.removeEntry(safe) });
}

/** opfsSink's worker path: batches writes into 1 MiB buffers and transfers them to opfs-worker.js. */
async function workerSink(name, file) {
  const worker = new Worker(new URL('./opfs-worker.js', import.meta.url), { type: 'module' });
  let next = 0;
  const pending = new Map();
  worker.onmessage = (ev) => {
    const p = pending.get(ev.data.id);
    pending.delete(ev.data.id);
    if (!p) return;
    if (ev.data.ok) p.resolve();
    else p.reject(fsError(Object.assign(new Error(ev.data.message), { name: ev.data.name })));
  };
  worker.onerror = (ev) => {
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
    await call('open', { name });
  } catch (e) {
    worker.terminate();
    throw e;
  }
  let batch = new Uint8Array(WRITE_BATCH);
  let used = 0;
  const flush = () => {
    if (used === 0) return Promise.resolve();
    const data = batch.buffer.byteLength === used ? batch.buffer : batch.slice(0, used).buffer;
    batch = new Uint8Array(WRITE_BATCH);
    used = 0;
    return call('write', { data }, [data]);
  };
  return {
    async write(bytes) {
      let p = 0;
      while (p < bytes.length) {
        const n = Math.min(bytes.length - p, WRITE_BATCH - used);
        batch.set(bytes.subarray(p, p + n), used);
        used += n;
        p += n;
        if (used === WRITE_BATCH) await flush();
      }
    },
    async close() {
      try {
        await flush();
        await call('close');
      } finally {
        worker.terminate();
      }
      return guard(file);
    },
    async abort() {
      try {
        await call('abort');
      } catch {
        /* nothing to remove */
      } finally {
        worker.terminate();
      }
    },
  };
}

/** Keeps the file in memory: for small files and tests only. */
export function memorySink() {
  const parts = [];
  return {
    async write(bytes) {
      parts.push(bytes.slice());
    },
    async close() {
      return new Blob(parts);
    },
    async abort() {
      parts.length = 0;
    },
  };
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
