// The receiver's side of the share app: the sender's list, downloads to disk, progress and verification.
import { FileReceiver } from '/weft.js';
import * as fmt from './format.js';

const WHY = {
  PEER_UNAVAILABLE: 'the sender is offline or has closed the page. Ask them to open it again and send a new link.',
  FILE_NOT_FOUND: 'the sender removed this file.',
  INTEGRITY_FAILED: 'the file arrived damaged (its SHA-256 does not match) and was not saved. Download it again.',
  DISK_FULL: 'there is not enough disk space. Free some and download again.',
  PERMISSION_DENIED: 'the browser did not allow writing the file.',
};

/** Finished downloads stay in the origin-private file system until saved; older than this, they go. */
const STALE_MS = 60 * 60 * 1000;

/** Removes staged downloads (see sinks.js opfsSink) older than STALE_MS; files in use elsewhere stay. */
async function removeStale() {
  try {
    const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('weft-share');
    for await (const [name, handle] of dir.entries()) {
      try {
        const file = await handle.getFile();
        if (Date.now() - file.lastModified > STALE_MS) await dir.removeEntry(name);
      } catch {
        /* being written by another tab */
      }
    }
  } catch {
    /* nothing staged yet, or no file system */
  }
}

/** Exposed for tests and the console: window.share = {peer, receiver, transfers}. */
export async function startReceiver(peer, senderId, status) {
  removeStale();
  const $ = (id) => /** @type {any} */ (document.getElementById(id));
  const share = { peer, receiver: null, transfers: new Map() };
  /** @type {any} */ (window).share = share;
  status(`Connecting to ${senderId}…`);
  let rx;
  try {
    rx = await FileReceiver.open(peer, senderId);
  } catch (e) {
    status(e.code === 'PEER_UNAVAILABLE' || e.code === 'TIMEOUT' ? WHY.PEER_UNAVAILABLE : e.message, e.code === 'TIMEOUT' ? 'PEER_UNAVAILABLE' : e.code);
    return;
  }
  share.receiver = rx;
  $('receive').hidden = false;
  status(`Connected to ${senderId}.`);
  rx.on('state', (s) => {
    if (s === 'reconnecting') status('The connection dropped; reconnecting to resume…');
    if (s === 'connected') status(`Connected to ${senderId}.`);
  });
  rx.on('error', (e) => status(WHY[e.code] ?? e.message, e.code));

  /** @type {Map<number, {file: any, removed: boolean, tr: HTMLElement}>} every file ever listed */
  const seen = new Map();
  const render = (files) => {
    const now = new Set(files.map((f) => f.id));
    for (const f of files) {
      const known = seen.get(f.id);
      if (known) known.file = f;
      else seen.set(f.id, { file: f, removed: false, tr: makeRow(f) });
    }
    for (const [id, s] of seen) {
      s.removed = !now.has(id);
      s.tr.classList.toggle('removed', s.removed);
      s.tr.dataset.state = s.removed ? 'removed' : (s.tr.dataset.state === 'removed' ? '' : s.tr.dataset.state ?? '');
      s.tr.querySelector('[data-testid=download]').disabled = s.removed || busy(id);
    }
    $('file-list').replaceChildren(...[...seen.values()].map((s) => s.tr));
    const total = files.reduce((a, f) => a + f.size, 0);
    $('total').textContent = `${files.length} file${files.length === 1 ? '' : 's'}, ${fmt.bytes(total)}`;
    $('download-all').disabled = files.length === 0;
  };
  const busy = (id) => {
    const t = share.transfers.get(id);
    return !!t && (t.state === 'queued' || t.state === 'receiving' || t.state === 'verifying');
  };

  function makeRow(f) {
    const tr = document.createElement('tr');
    tr.dataset.id = String(f.id);
    tr.innerHTML = `<td class="name"></td><td class="num"></td><td class="type"></td>
      <td><button data-testid="download">Download</button></td>
      <td><progress data-testid="progress" max="1" value="0"></progress></td>
      <td class="how" data-testid="speed"></td><td class="out"></td>`;
    tr.querySelector('.name').textContent = f.name;
    tr.querySelector('.num').textContent = fmt.bytes(f.size);
    tr.querySelector('.type').textContent = f.type || '–';
    tr.querySelector('button').onclick = () => start(f.id);
    return tr;
  }

  function start(id) {
    const s = seen.get(id);
    if (!s || s.removed || busy(id)) return;
    const t = rx.download(id);
    share.transfers.set(id, t);
    const tr = s.tr;
    const bar = tr.querySelector('progress');
    const how = tr.querySelector('.how');
    const out = tr.querySelector('.out');
    tr.querySelector('button').disabled = true;
    out.replaceChildren();
    t.on('progress', (p) => {
      bar.max = Math.max(1, p.size);
      bar.value = p.received;
      if (t.state === 'receiving') how.textContent = [fmt.speed(p.rate), fmt.duration(p.eta)].filter(Boolean).join(' · ') || 'starting…';
    });
    t.on('state', (st) => {
      tr.dataset.state = st;
      if (st === 'queued') how.textContent = 'waiting';
      if (st === 'verifying') how.textContent = 'checking SHA-256…';
    });
    t.done.then(({ sha256, blob }) => {
      bar.max = 1;
      bar.value = 1;
      how.textContent = '';
      const ok = document.createElement('span');
      ok.className = 'verified';
      ok.dataset.testid = 'verified';
      ok.dataset.sha256 = sha256;
      ok.title = `SHA-256 ${sha256}`;
      ok.textContent = 'verified ✓ ';
      const a = document.createElement('a');
      a.dataset.testid = 'save';
      a.download = t.name.split('/').pop() || 'file';
      a.href = URL.createObjectURL(blob);
      a.textContent = 'Save';
      out.replaceChildren(ok, a);
      tr.querySelector('button').disabled = true;
    }, (e) => {
      if (e.code === 'CANCELLED') return;
      how.textContent = '';
      const bad = document.createElement('span');
      bad.className = 'failed';
      bad.dataset.testid = 'file-error';
      bad.dataset.code = e.code;
      bad.textContent = `${e.code}: ${WHY[e.code] ?? e.message}`;
      out.replaceChildren(bad);
      tr.querySelector('button').disabled = seen.get(id).removed;
      if (e.code !== 'FILE_NOT_FOUND') status(`${t.name}: ${WHY[e.code] ?? e.message}`, e.code);
    });
  }

  $('download-all').onclick = () => {
    for (const f of rx.files) start(f.id);
  };
  rx.on('manifest', render);
  render(rx.files);
}
