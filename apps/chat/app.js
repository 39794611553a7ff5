// Group chat on the Weft network (seed 000's chat room): group id in the URL hash, "+" creates a random
// group, join by link or id, share, a name kept in localStorage, messages, neighbours, known nodes, and a
// video whose play/pause/seek stay in step for the whole group (apps/chat/media-sync.js).
import { Network } from '/weft.js';
import { newer, parseState, positionNow } from './media-sync.js';

const $ = (id) => document.getElementById(id);
const GROUP = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
let net = null;
let group = null;
let offGroup = [];
let media = null; // the current synced state
let loadedUrl = null;
let applyingSeek = false; // the next 'seeked' comes from applying a received state

$('my-name').value = localStorage.getItem('myName') || '';
$('my-name').addEventListener('input', () => localStorage.setItem('myName', $('my-name').value.trim()));

function myName() {
  return $('my-name').value.trim().slice(0, 40) || (net ? net.id.slice(0, 6) : 'anon');
}

function addMessage(author, text, mine) {
  const li = document.createElement('li');
  if (mine) li.className = 'me';
  li.textContent = `${author}: ${text}`;
  $('messages').append(li);
  $('messages').scrollTop = $('messages').scrollHeight;
}

function randomGroup() {
  const a = 'abcdefghijkmnopqrstuvwxyz23456789';
  let s = 'g-';
  for (const b of crypto.getRandomValues(new Uint8Array(10))) s += a[b % a.length];
  return s;
}

function status() {
  if (!net) return;
  const n = group ? group.neighbors.length : net.links.length;
  const nodes = net.links.filter((l) => l.kind === 'node').map((l) => l.url);
  $('neighbors').textContent = `there are ${n} neighbors… ${nodes.join(' ')}`.trim();
  const list = $('known-nodes');
  list.replaceChildren();
  for (const url of net.knownNodes) {
    const li = document.createElement('li');
    const code = document.createElement('code');
    code.textContent = url;
    const forget = document.createElement('button');
    forget.className = 'secondary';
    forget.textContent = 'Forget';
    forget.dataset.testid = 'forget';
    forget.onclick = () => {
      net.forget(url);
      status();
    };
    li.append(code, forget);
    list.append(li);
  }
}

async function enter(name) {
  if (!GROUP.test(name) || (group && group.name === name)) return;
  if (group) {
    group.leave();
    offGroup.forEach((off) => off());
    offGroup = [];
  }
  group = null;
  media = null;
  $('group-id').textContent = name;
  $('messages').replaceChildren();
  for (const id of ['message', 'send', 'media-url', 'media-set', 'sample', 'share']) $(id).disabled = true;
  const g = await net.group(name);
  group = g;
  offGroup.push(g.on('message', onMessage));
  offGroup.push(g.on('neighbor-joined', () => {
    status();
    // Late joiners get the current state (seed: 500 ms after a new neighbour).
    setTimeout(() => media && group === g && g.broadcast('media', wire(media)), 500);
  }));
  offGroup.push(g.on('neighbor-left', status));
  for (const id of ['message', 'send', 'media-url', 'media-set', 'sample', 'share']) $(id).disabled = false;
  status();
}

function onMessage({ from, term, payload }) {
  if (term === 'message' && payload && typeof payload.message === 'string') {
    addMessage(String(payload.author ?? from).slice(0, 40), payload.message.slice(0, 2000), false);
  } else if (term === 'media') {
    const s = parseState(payload, from);
    if (s && newer(s, media)) {
      s.at = performance.now();
      media = s;
      apply();
    }
  }
}

function wire(s) {
  return { url: s.url, playing: s.playing, time: positionNow(s, performance.now()), actionId: s.actionId, by: s.by };
}

/** Writes a new state (a local action) and tells the group. */
function act(change) {
  const v = $('media');
  const base = media ?? { url: '', playing: false, time: 0, actionId: 0, by: '' };
  media = { ...base, time: v.currentTime || 0, ...change, actionId: base.actionId + 1, by: net.id, at: performance.now() };
  group?.broadcast('media', wire(media));
}

async function load(url) {
  if (loadedUrl === url) return;
  loadedUrl = url;
  const v = $('media');
  try {
    // Same-origin media is loaded whole, so seeking works without range requests.
    const u = new URL(url, location.href);
    if (u.origin === location.origin) {
      const blob = await (await fetch(u)).blob();
      if (loadedUrl === url) v.src = URL.createObjectURL(blob);
    } else {
      v.src = u.toString();
    }
  } catch {
    v.removeAttribute('src');
  }
  await new Promise((r) => (v.readyState >= 1 ? r() : v.addEventListener('loadedmetadata', r, { once: true })));
}

async function apply() {
  const s = media;
  await load(s.url);
  if (media !== s) return;
  const v = $('media');
  $('media-url').value = s.url;
  const target = positionNow(s, performance.now());
  if (Math.abs(v.currentTime - target) > 0.5) {
    applyingSeek = true;
    v.currentTime = target;
  }
  if (s.playing && v.paused) v.play().catch(() => {});
  if (!s.playing && !v.paused) v.pause();
}

// A media event is a local action only if it differs from the synced state (applying a received state
// fires the same events: those match the state and are not echoed).
const v = $('media');
v.addEventListener('play', () => media && group && !media.playing && act({ playing: true }));
v.addEventListener('pause', () => media && group && media.playing && !v.ended && act({ playing: false }));
v.addEventListener('seeked', () => {
  if (applyingSeek) {
    applyingSeek = false;
    return;
  }
  if (media && group && Math.abs(v.currentTime - positionNow(media, performance.now())) > 0.5) act({ playing: !v.paused });
});

$('media-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const url = $('media-url').value.trim();
  if (!url || !group) return;
  media = { url, playing: false, time: 0, actionId: (media?.actionId ?? 0) + 1, by: net.id, at: performance.now() };
  group.broadcast('media', wire(media));
  await apply();
});
$('sample').onclick = () => {
  // A path, not a URL: every member loads it from the node that served its own page.
  $('media-url').value = '/chat/sample.wav';
  $('media-set').click();
};

$('chat').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const text = $('message').value.trim();
  if (!text || !group) return;
  group.broadcast('message', { author: myName(), message: text });
  addMessage(myName(), text, true);
  $('message').value = '';
});

$('new-group').onclick = () => {
  location.hash = randomGroup();
};

$('join-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const raw = $('join').value.trim();
  let name = raw;
  try {
    const u = new URL(raw);
    name = decodeURIComponent(u.hash.slice(1));
  } catch {
    name = raw.replace(/^#/, '');
  }
  if (GROUP.test(name)) {
    location.hash = name;
    $('join').value = '';
  }
});

$('share').onclick = async () => {
  const link = `${location.origin}${location.pathname}#${group?.name ?? ''}`;
  try {
    if (navigator.share) {
      await navigator.share({ title: 'Weft chat', url: link });
      return;
    }
  } catch {
    /* cancelled or unavailable: copy instead */
  }
  try {
    await navigator.clipboard.writeText(link);
    $('share').textContent = 'Link copied';
  } catch {
    $('join').value = link;
  }
  setTimeout(() => ($('share').textContent = 'Share'), 1500);
};

$('know-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  try {
    net.know($('know-url').value.trim());
    $('know-url').value = '';
  } catch (e) {
    $('neighbors').textContent = e.message;
  }
  status();
});

window.addEventListener('hashchange', () => enter(decodeURIComponent(location.hash.slice(1))));

try {
  net = await Network.join();
  window.chat = { get net() { return net; }, get group() { return group; }, get media() { return media; } };
  setInterval(status, 1000);
  status();
  const initial = decodeURIComponent(location.hash.slice(1));
  if (GROUP.test(initial)) await enter(initial);
} catch (e) {
  $('neighbors').textContent = `cannot join the network: ${e.message}`;
  $('neighbors').classList.add('error');
}
