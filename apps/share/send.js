// The sender's side of the share app: the file list, the link, and every receiver's progress.
import { FILES_LABEL, FileSender } from '/weft.js';
import * as fmt from './format.js';
import { encodeQr, qrSvg } from './qr.js';

/** Exposed for tests and the console: window.share = {peer, sender}. */
export function startSender(peer, status) {
  const sender = new FileSender();
  /** @type {any} */ (window).share = { peer, sender };
  const $ = (id) => /** @type {any} */ (document.getElementById(id));
  $('send').hidden = false;
  const link = `${location.origin}${location.pathname}#${peer.id}`;
  $('share-link').value = link;
  try {
    $('qr').innerHTML = qrSvg(link, { scale: 4 });
    $('qr').dataset.version = String(encodeQr(link).version);
  } catch (e) {
    $('qr').textContent = ''; // a link too long for a version-10 code: no QR, the link still works
  }
  status('Add files, then send the link. Keep this page open while others download.');

  peer.on('connection', (c) => {
    if (c.label === FILES_LABEL) sender.serve(c);
  });
  peer.on('disconnected', () => status('Lost the node; reconnecting (downloads in progress go on)…'));
  peer.on('reconnected', () => status('Back online.'));

  $('copy').onclick = async () => {
    try {
      await navigator.clipboard.writeText(link);
      $('copy').textContent = 'Copied';
    } catch {
      $('share-link').select();
      document.execCommand?.('copy');
    }
    setTimeout(() => ($('copy').textContent = 'Copy link'), 1500);
  };
  const add = (files) => {
    if (files && files.length) sender.add([...files]);
  };
  $('file-input').onchange = (ev) => add(ev.target.files);
  $('folder-input').onchange = (ev) => add(ev.target.files);
  const drop = $('drop');
  drop.ondragover = (ev) => {
    ev.preventDefault();
    drop.classList.add('over');
  };
  drop.ondragleave = () => drop.classList.remove('over');
  drop.ondrop = (ev) => {
    ev.preventDefault();
    drop.classList.remove('over');
    add(ev.dataTransfer?.files);
  };

  const renderFiles = () => {
    const body = $('file-list');
    body.replaceChildren(...sender.files.map((f) => {
      const tr = document.createElement('tr');
      tr.dataset.id = String(f.id);
      tr.innerHTML = `<td class="name"></td><td class="num"></td><td class="type"></td><td class="hash"></td><td><button class="secondary" data-testid="remove">Remove</button></td>`;
      tr.querySelector('.name').textContent = f.name;
      tr.querySelector('.num').textContent = fmt.bytes(f.size);
      tr.querySelector('.type').textContent = f.type || '–';
      tr.querySelector('.hash').textContent = f.sha256 ? `SHA-256 ${f.sha256.slice(0, 12)}…` : 'hashing…';
      tr.querySelector('button').onclick = () => sender.remove(f.id);
      return tr;
    }));
  };
  sender.on('change', renderFiles);
  sender.on('hashed', renderFiles);

  /** @type {Map<string, HTMLElement>} receiver rows by peer id */
  const rows = new Map();
  const row = (peerId) => {
    let li = rows.get(peerId);
    if (!li) {
      li = document.createElement('li');
      li.dataset.peer = peerId;
      li.innerHTML = `<span class="who"></span><span class="what"></span><progress max="1" value="0"></progress><span class="how"></span>`;
      li.querySelector('.who').textContent = peerId;
      $('receivers').append(li);
      rows.set(peerId, li);
    }
    return li;
  };
  sender.on('receiver', (s) => {
    row(s.peer).querySelector('.how').textContent = 'connected';
  });
  sender.on('receiver-close', (s) => {
    row(s.peer).querySelector('.how').textContent = 'disconnected';
  });
  sender.on('progress', (p) => {
    const li = row(p.peer);
    li.querySelector('.what').textContent = p.name;
    const bar = li.querySelector('progress');
    bar.max = Math.max(1, p.size);
    bar.value = p.size === 0 ? (p.verified ? 1 : 0) : p.acked;
    li.dataset.acked = String(p.acked);
    const how = li.querySelector('.how');
    how.className = p.verified === true ? 'how verified' : p.verified === false ? 'how failed' : 'how';
    how.textContent = p.verified === true ? 'verified' : p.verified === false ? 'damaged, not saved'
      : `${fmt.bytes(p.acked)} of ${fmt.bytes(p.size)}`;
  });
}
