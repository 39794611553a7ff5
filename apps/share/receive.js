// The receiver's side of the share app: the sender's list, downloads to disk, progress and verification.
import { FileReceiver, fileHandleSink, fsError, opfsSink, portSink } from '/weft.js';
import * as resume from './resume.js';
import { saveMode, streamDownload } from './save.js';
import * as fmt from './format.js';

const WHY = {
  PEER_UNAVAILABLE: 'the sender is offline or has closed the page. Ask them to open it again and send a new link.',
  FILE_NOT_FOUND: 'the sender removed this file.',
  INTEGRITY_FAILED: 'the file arrived damaged (its SHA-256 does not match) and was not saved. Download it again.',
  DISK_FULL: 'there is not enough disk space. Free some and download again.',
  PERMISSION_DENIED: 'the browser did not allow writing the file (or the save dialog was cancelled).',
};

const SAVE_TEXT = {
  picker: 'Each file is written where you choose, as it arrives.',
  stream: 'Files go to your Downloads folder as they arrive.',
  opfs: 'Files are kept in this browser’s storage as they arrive; then Save them.',
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
  const mode = await saveMode();
  const $ = (id) => /** @type {any} */ (document.getElementById(id));
  const share = { peer, receiver: null, transfers: new Map(), mode };
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

  /**
   * Where the file goes (save.js): 'picker' the place the user picks (File System Access), 'stream' a
   * browser download fed through the service worker, 'opfs' the origin-private file system, then Save.
   * Each writes to disk as data arrives. The picker must be opened inside the click.
   */
  async function sinkFor(f, dir) {
    if (mode === 'picker') {
      const name = f.name.split('/').pop() || 'file';
      const handle = dir ? await dir.getFileHandle(name, { create: true })
        : await window.showSaveFilePicker({ suggestedName: name });
      return fileHandleSink(handle);
    }
    if (mode === 'stream') return portSink(await streamDownload(f));
    // the origin-private file system; the partial file and the hash state survive a reload (resume.js)
    const saved = resume.find(senderId, f);
    try {
      return await opfsSink(resume.key(senderId, f), f.size, saved ? { resume: saved } : {});
    } catch (e) {
      if (!saved) throw e;
      resume.forget(senderId, f); // the partial file is gone: start over
      return opfsSink(resume.key(senderId, f), f.size);
    }
  }

  function start(id, dir) {
    const s = seen.get(id);
    if (!s || s.removed || busy(id)) return;
    const pending = { state: 'queued', on() {}, done: null };
    share.transfers.set(id, /** @type {any} */ (pending));
    s.tr.querySelector('button').disabled = true;
    Promise.resolve(dir).then((d) => sinkFor(s.file, d)).then((sink) => {
      const offset = sink.resumedAt ?? 0;
      const t = rx.download(id, { sink, offset });
      if (mode === 'opfs' && sink.state) {
        if (offset > 0) status(`Resuming ${s.file.name} from byte ${offset}.`);
        t.on('checkpoint', () => sink.state().then((st) => resume.save(senderId, s.file, st)).catch(() => {}));
        t.done.finally(() => resume.forget(senderId, s.file)).then(() => {
          if (offset > 0) status(`Connected to ${senderId}.`);
        }, () => {});
      }
      track(id, t);
    }, (e) => {
      share.transfers.delete(id);
      const err = fsError(e);
      showError(s.tr, err);
      s.tr.querySelector('button').disabled = s.removed;
    });
  }

  function showError(tr, e) {
    tr.querySelector('.how').textContent = '';
    const bad = document.createElement('span');
    bad.className = 'failed';
    bad.dataset.testid = 'file-error';
    bad.dataset.code = e.code;
    bad.textContent = `${e.code}: ${WHY[e.code] ?? e.message}`;
    tr.querySelector('.out').replaceChildren(bad);
    if (e.code !== 'FILE_NOT_FOUND') status(`${tr.querySelector('.name').textContent}: ${WHY[e.code] ?? e.message}`, e.code);
  }

  function track(id, t) {
    const s = seen.get(id);
    share.transfers.set(id, t);
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
      if (mode === 'opfs' && blob) {
        const a = document.createElement('a');
        a.dataset.testid = 'save';
        a.download = t.name.split('/').pop() || 'file';
        a.href = URL.createObjectURL(blob);
        a.textContent = 'Save';
        out.replaceChildren(ok, a);
      } else {
        ok.textContent = mode === 'picker' ? 'verified ✓ saved' : 'verified ✓ downloaded';
        out.replaceChildren(ok);
      }
      tr.querySelector('button').disabled = true;
    }, (e) => {
      if (e.code === 'CANCELLED') return;
      showError(tr, e);
      tr.querySelector('button').disabled = seen.get(id).removed;
    });
  }

  $('download-all').onclick = () => {
    // with the picker, one folder for all the files (the browser shows one save dialog at a time)
    const dir = mode === 'picker' && typeof (/** @type {any} */ (window).showDirectoryPicker) === 'function'
      ? /** @type {any} */ (window).showDirectoryPicker({ mode: 'readwrite' }) : undefined;
    dir?.catch(() => {});
    for (const f of rx.files) start(f.id, dir);
  };
  $('save-mode').textContent = SAVE_TEXT[mode];
  rx.on('manifest', render);
  render(rx.files);
  // Downloads cut short by a reload of this page continue from their last checkpoint.
  if (mode === 'opfs') for (const f of rx.files) if (resume.find(senderId, f)) start(f.id);
}
