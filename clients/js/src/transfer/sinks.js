// Where a received file goes. A sink is {write(Uint8Array): Promise, close(): Promise<Blob|null>,
// abort(): Promise}; writes arrive in order. Errors are mapped to DISK_FULL / PERMISSION_DENIED.

import { ErrorCodes, WeftError } from '../errors.js';
import { fsError, guard, workerSink } from './worker-sink.js';

export { fsError, guard };

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
 * A sink in the origin-private file system (on disk, not in memory). Hashes and writes in a worker
 * (file-worker.js, FileSystemSyncAccessHandle) where the browser has one, else writes through
 * createWritable() (the receiver then hashes on the main thread). Fails with DISK_FULL when the browser's
 * quota for the origin cannot hold `size` bytes. With `resume` ({at, hash} from an earlier `state()`), the
 * file is kept up to `at` and the hash continues from there.
 * @param {string} name a name unique among concurrent transfers
 * @param {number} size
 * @param {{resume?: {at: number, hash: any}, worker?: boolean}} [o]
 */
export async function opfsSink(name, size, o = {}) {
  if (!globalThis.navigator?.storage?.getDirectory) {
    throw new WeftError(ErrorCodes.PERMISSION_DENIED, 'this browser gives no file system to write to (private window?)');
  }
  const est = await navigator.storage.estimate?.().catch(() => null);
  if (est && typeof est.quota === 'number' && est.quota - (est.usage ?? 0) < size - (o.resume?.at ?? 0)) {
    throw new WeftError(ErrorCodes.DISK_FULL, `not enough space for ${size} bytes: free some disk space and try again`);
  }
  const dir = await guard(async () => (await navigator.storage.getDirectory()).getDirectoryHandle('weft-share', { create: true }));
  const safe = opfsName(name);
  const file = () => dir.getFileHandle(safe).then((h) => h.getFile());
  if (typeof Worker === 'function' && o.worker !== false) {
    try {
      return await workerSink({ kind: 'opfs', name: safe }, { file, resume: o.resume });
    } catch (e) {
      if (e instanceof WeftError && e.code === ErrorCodes.DISK_FULL) throw e;
      if (o.resume) throw e;
      // no sync access handles in this browser's workers: write through createWritable below
    }
  }
  const handle = await guard(() => dir.getFileHandle(safe, { create: true }));
  const writable = await guard(() => handle.createWritable({ keepExistingData: false }));
  return writableSink(writable, { file, remove: () => dir.removeEntry(safe) });
}

/** The file name opfsSink uses for a transfer key. */
export function opfsName(name) {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').slice(-120) || 'file';
}

/**
 * A sink into a file the user picked (`showSaveFilePicker()` → FileSystemFileHandle), written as data
 * arrives by a worker that also hashes it. The browser writes a swap file and replaces the picked file only
 * when the transfer is verified; a failed one leaves the picked file as it was.
 * @param {FileSystemFileHandle} handle
 */
export function fileHandleSink(handle) {
  return workerSink({ kind: 'handle', handle }, { file: () => handle.getFile() });
}

/**
 * A sink into a MessagePort whose other end feeds a streamed download (the share app's service worker):
 * the worker hashes, the service worker's response streams the bytes to the browser's downloads. The last
 * MiB is held back until the SHA-256 matched; a mismatch errors the download.
 * @param {MessagePort} port
 */
export function portSink(port) {
  return workerSink({ kind: 'port', port }, { transfer: [port] });
}

/** Hashes in the worker and keeps nothing: what a transfer costs without the disk (benchmarks). */
export function discardSink() {
  return workerSink({ kind: 'none' });
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
