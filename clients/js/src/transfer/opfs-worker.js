// Dedicated worker behind opfsSink: writes one file in the origin-private file system through a
// FileSystemSyncAccessHandle, which writes straight to the file (createWritable() in the page goes through
// blobs held by the browser process, whose memory grew with the file in our measurements).
// Messages: {id, op: 'open', name} | {id, op: 'write', data: ArrayBuffer} | {id, op: 'close'} | {id, op: 'abort'}.
// Replies: {id, ok: true} or {id, ok: false, name, message}.

let dir = null;
let name = null;
let handle = null;
let at = 0;

self.onmessage = async (ev) => {
  const m = ev.data;
  try {
    switch (m.op) {
      case 'open': {
        dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('weft-share', { create: true });
        name = m.name;
        const file = await dir.getFileHandle(name, { create: true });
        handle = await file.createSyncAccessHandle();
        handle.truncate(0);
        at = 0;
        break;
      }
      case 'write': {
        const n = handle.write(m.data, { at });
        if (n !== m.data.byteLength) throw Object.assign(new Error(`wrote ${n} of ${m.data.byteLength} bytes`), { name: 'QuotaExceededError' });
        at += n;
        break;
      }
      case 'close':
        handle.flush();
        handle.close();
        handle = null;
        break;
      case 'abort':
        try {
          handle?.close();
        } finally {
          handle = null;
          if (dir && name) await dir.removeEntry(name).catch(() => {});
        }
        break;
      default:
        throw new Error(`unknown op ${m.op}`);
    }
    self.postMessage({ id: m.id, ok: true });
  } catch (e) {
    self.postMessage({ id: m.id, ok: false, name: e?.name ?? 'Error', message: e?.message ?? String(e) });
  }
};
