// Dedicated worker behind the hashing sinks (sinks.js): each received chunk is hashed (SHA-256, sha256.js)
// and written here, off the page's main thread, which then only parses frames and moves buffers.
// Targets:
//   {kind: 'opfs', name}        the origin-private file system, through a FileSystemSyncAccessHandle (writes
//                               straight to the file; createWritable() in a page goes through blobs held by
//                               the browser process)
//   {kind: 'handle', handle}    a FileSystemFileHandle the user picked (showSaveFilePicker): createWritable()
//                               writes a swap file that replaces the target only on close, so a file that
//                               fails verification never overwrites anything
//   {kind: 'port', port}        a MessagePort to the service worker that serves the download (share-sw.js)
//   {kind: 'none'}              hash only (benchmarks)
// Messages in:  {id, op: 'open', target, resume?: {at, hash}} | {id, op: 'write', parts: ArrayBuffer[], from: number[]}
//               | {id, op: 'state'} | {id, op: 'close', expect} | {id, op: 'abort'}
//               | {id, op: 'hashBlob', blob} (the sender's hash of a file it shares: {sha256})
// Replies:      {id, ok: true, ...} or {id, ok: false, name, message}. 'close' replies {sha256} or fails
//               with name 'IntegrityError' when the SHA-256 differs from `expect` (nothing is kept).
import { Sha256, sha256Blob } from './sha256.js';

/** Writes to a createWritable() stream and to the service worker are gathered into this many bytes. */
const BATCH = 1024 * 1024;
/** Bytes posted to the service worker and not yet taken by the download, before writes wait. */
const PORT_WINDOW = 8 * 1024 * 1024;

let target = null;
let hash = null;
let at = 0;

// One message at a time, in order: an op that waits (a stream write, the download's pace) must not let the
// next chunk overtake it.
let queue = Promise.resolve();
self.onmessage = (ev) => {
  queue = queue.then(() => handle(ev.data));
};

async function handle(m) {
  try {
    const extra = (await ops[m.op]?.(m)) ?? {};
    if (!ops[m.op]) throw new Error(`unknown op ${m.op}`);
    self.postMessage({ id: m.id, ok: true, ...extra });
  } catch (e) {
    self.postMessage({ id: m.id, ok: false, name: e?.name ?? 'Error', message: e?.message ?? String(e) });
  }
}

const ops = {
  async open(m) {
    // the state may have been stored as JSON (the tail as an array of bytes)
    hash = m.resume ? Sha256.from({ ...m.resume.hash, tail: Uint8Array.from(m.resume.hash.tail) }) : new Sha256();
    at = m.resume ? m.resume.at : 0;
    target = await open(m.target, at);
  },
  /** `parts`: the buffers of several chunks, in order, each from its byte `from[i]` to its end. */
  async write(m) {
    for (let i = 0; i < m.parts.length; i++) {
      const bytes = new Uint8Array(m.parts[i], m.from[i]);
      hash.update(bytes);
      await target.write(bytes);
      at += bytes.length;
    }
    return { at };
  },
  /** The hash state and the bytes behind it, for a resume after a reload. */
  async state() {
    await target.flush?.();
    return { at, hash: hash.state() };
  },
  async close(m) {
    const sha256 = hash.digestHex();
    if (m.expect && sha256 !== m.expect) {
      await target.abort(new Error(`SHA-256 mismatch: ${sha256}`)).catch(() => {});
      target = null;
      throw Object.assign(new Error(`the SHA-256 is ${sha256}, the sender has ${m.expect}`), { name: 'IntegrityError' });
    }
    await target.close();
    target = null;
    return { sha256 };
  },
  async abort() {
    await target?.abort(new Error('cancelled'));
    target = null;
  },
  async hashBlob(m) {
    return { sha256: await sha256Blob(m.blob) };
  },
};

async function open(t, from) {
  switch (t.kind) {
    case 'opfs': {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('weft-share', { create: true });
      const handle = await syncHandle(await dir.getFileHandle(t.name, { create: true }));
      handle.truncate(from);
      let pos = from;
      return {
        write(bytes) {
          const n = handle.write(bytes, { at: pos });
          if (n !== bytes.length) throw Object.assign(new Error(`wrote ${n} of ${bytes.length} bytes`), { name: 'QuotaExceededError' });
          pos += n;
        },
        flush: () => handle.flush(),
        close() {
          handle.flush();
          handle.close();
        },
        async abort() {
          handle.close();
          await dir.removeEntry(t.name).catch(() => {});
        },
      };
    }
    case 'handle': {
      const w = await t.handle.createWritable({ keepExistingData: from > 0 });
      if (from > 0) await w.truncate(from);
      return batched((bytes) => w.write(bytes), () => w.close(), () => w.abort());
    }
    case 'port':
      return portTarget(t.port);
    case 'none':
      return { write() {}, close() {}, async abort() {} };
    default:
      throw new Error(`unknown target ${t.kind}`);
  }
}

/**
 * A FileSystemSyncAccessHandle. Only one may be open per file: right after a reload, the previous page's
 * worker may still hold it for a moment, so a locked file is retried for up to 10 s.
 */
async function syncHandle(file) {
  for (let i = 0; ; i++) {
    try {
      return await file.createSyncAccessHandle();
    } catch (e) {
      if (e?.name !== 'NoModificationAllowedError' || i >= 40) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Gathers small writes into BATCH-sized ones (each write to a stream crosses into the browser process). */
function batched(write, close, abort) {
  let buf = new Uint8Array(BATCH);
  let used = 0;
  const flush = async () => {
    if (used === 0) return;
    const out = buf.subarray(0, used);
    buf = new Uint8Array(BATCH);
    used = 0;
    await write(out);
  };
  return {
    async write(bytes) {
      for (let p = 0; p < bytes.length;) {
        const n = Math.min(bytes.length - p, BATCH - used);
        buf.set(bytes.subarray(p, p + n), used);
        used += n;
        p += n;
        if (used === BATCH) await flush();
      }
    },
    flush,
    async close() {
      await flush();
      await close();
    },
    abort: () => abort(),
  };
}

/**
 * The service-worker download: batches go to the SW, which puts them into the response's stream. The last
 * batch stays here until close() (after the hash matched), so a damaged file never completes: abort() errors
 * the stream and the browser marks the download failed. The SW reports the bytes the download took
 * ({took}); writes wait while more than PORT_WINDOW bytes are in between.
 */
function portTarget(port) {
  let posted = 0;
  let took = 0;
  let waiter = null;
  let failed = null;
  port.onmessage = (ev) => {
    if (typeof ev.data?.took === 'number') took = ev.data.took;
    if (ev.data?.cancelled) failed = Object.assign(new Error('the download was cancelled in the browser'), { name: 'AbortError' });
    waiter?.();
  };
  const send = async (bytes) => {
    while (!failed && posted - took > PORT_WINDOW) await new Promise((r) => (waiter = r));
    if (failed) throw failed;
    const copy = bytes.byteOffset === 0 && bytes.length === bytes.buffer.byteLength ? bytes : bytes.slice();
    posted += copy.length;
    port.postMessage({ data: copy.buffer }, [copy.buffer]);
  };
  // `held` is the newest batch, sent only when the next one is full or the file is verified.
  let held = null;
  const b = batched(async (bytes) => {
    if (held) await send(held);
    held = bytes;
  }, async () => {
    if (held) await send(held);
    held = null;
    port.postMessage({ done: true });
  }, async (err) => {
    port.postMessage({ error: String(err?.message ?? err) });
  });
  return b;
}
