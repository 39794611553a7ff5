// Resume after a reload of the receiver's page (origin-private file system mode): at each checkpoint (every
// 4 MiB on disk) the app stores the file worker's state (bytes on disk and the SHA-256 state behind them) in
// localStorage; reopening the link finds it and continues from that byte. A checkpoint is used only for the
// same sender, file id, name, size and announced SHA-256.

const STORE = 'weft.share.resume';
const MAX_AGE_MS = 60 * 60 * 1000; // the partial files themselves are removed after an hour (receive.js)

/** The OPFS name of a download (the same on every load of the page). */
export function key(senderId, f) {
  return `${senderId}-${f.id}-${f.name}`;
}

function all() {
  try {
    const v = JSON.parse(localStorage.getItem(STORE) ?? '{}');
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

function write(v) {
  try {
    localStorage.setItem(STORE, JSON.stringify(v));
  } catch {
    /* storage refused or full: resume after a reload is lost, the download itself goes on */
  }
}

/** @returns {{at: number, hash: any}|null} */
export function find(senderId, f) {
  const c = all()[key(senderId, f)];
  if (!c || c.size !== f.size || Date.now() - c.time > MAX_AGE_MS) return null;
  if (c.sha256 && f.sha256 && c.sha256 !== f.sha256) return null; // the sender shares other content under that id
  if (!Number.isInteger(c.at) || c.at <= 0 || c.at > f.size) return null;
  return { at: c.at, hash: c.hash };
}

export function save(senderId, f, st) {
  const v = all();
  v[key(senderId, f)] = { size: f.size, sha256: f.sha256, at: st.at, time: Date.now(),
    hash: { h: st.hash.h, tail: Array.from(st.hash.tail), length: st.hash.length } };
  write(v);
}

export function forget(senderId, f) {
  const v = all();
  if (delete v[key(senderId, f)]) write(v);
}
