// The arena app: host a game (this tab becomes its authoritative server and lists it in the lobby) or join
// one by its host's peer id. URL forms: /arena/?join=<hostId>, and /arena/?host=1&name=..&map=..&mode=..
// &scorelimit=..&timelimit=.. (the lobby's Create-server form). window.arena exposes the state for tests.
import { Lobby, sockets } from '/weft.js';
import { ArenaClient } from './client.js';
import { ArenaHost } from './host.js';
import { draw } from './render.js';

const $ = (id) => /** @type {any} */ (document.getElementById(id));
const ui = { name: $('player-name'), host: $('host'), hostId: $('host-id'), join: $('join'), status: $('status'),
  canvas: $('canvas'), players: $('players'), round: $('round') };
const ctx = ui.canvas.getContext('2d');
const params = new URLSearchParams(location.search);

/** @type {ArenaHost|ArenaClient|null} */
let game = null;
let peer = null;
const keys = { left: false, right: false, jump: false };

ui.name.value = localStorage.getItem('weft.arena.name') ?? '';
if (params.get('join')) ui.hostId.value = params.get('join');

function status(text, error = false) {
  ui.status.textContent = text;
  ui.status.classList.toggle('error', error);
}

function playerName() {
  const n = ui.name.value.trim() || `player-${Math.floor(Math.random() * 1000)}`;
  ui.name.value = n;
  localStorage.setItem('weft.arena.name', n);
  return n;
}

async function network() {
  if (!peer) peer = await sockets.init();
  return peer;
}

function lock() {
  ui.host.disabled = true;
  ui.join.disabled = true;
  ui.name.disabled = true;
  ui.hostId.disabled = true;
}

async function host() {
  lock();
  const name = playerName();
  try {
    const p = await network();
    const h = new ArenaHost({ sockets, lobby: new Lobby(p), playerName: name, game: {
      name: (params.get('name') || `${name}'s arena`).slice(0, 64),
      map: params.get('map') || 'dm1', mode: params.get('mode') || 'dm',
      scoreLimit: Math.max(1, Number(params.get('scorelimit')) || 20),
      timeLimit: Math.max(0, Number(params.get('timelimit')) || 0) } });
    game = h;
    h.on('roster', renderRoster);
    h.on('round', renderRound);
    h.on('error', (e) => status(`Lobby: ${e.message}`, true));
    await h.start();
    window.arena.publishedAt = Date.now();
    status(`Hosting "${h.entry.entry.name}" as ${p.id}. Players join from the lobby, or with this id.`);
  } catch (e) {
    status(`Could not host: ${e.message}`, true);
  }
  ui.canvas.focus();
}

async function join() {
  const hostId = ui.hostId.value.trim();
  if (!hostId) {
    status('Enter the host id, or pick a game in the lobby.', true);
    return;
  }
  lock();
  const name = playerName();
  try {
    await network();
    const c = new ArenaClient({ sockets, host: hostId, playerName: name });
    game = c;
    c.on('roster', renderRoster);
    c.on('round', renderRound);
    c.on('welcome', (m) => status(`Playing on ${hostId} (${m.mode} on ${m.map}).`));
    c.start();
    status(`Joining ${hostId}...`);
  } catch (e) {
    status(`Could not join: ${e.message}`, true);
  }
  ui.canvas.focus();
}

function renderRoster() {
  const list = game ? (game instanceof ArenaHost ? game.roster() : game.players) : [];
  ui.players.replaceChildren(...list.map((p) => {
    const li = document.createElement('li');
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = p.name;
    const score = document.createElement('span');
    score.className = 'score';
    score.textContent = String(p.score);
    li.append(name, ' ', score);
    li.style.setProperty('--c', p.color);
    li.dataset.id = String(p.id);
    li.dataset.score = String(p.score);
    return li;
  }));
}

/** The round line: limits and time left while playing, the winner once over. */
function roundText(r) {
  if (!r) return '';
  if (r.over) {
    const who = r.winner ? `${r.winner} wins` : 'Draw';
    return `Round ${r.n} over: ${who} (${r.reason === 'time' ? 'time limit' : 'score limit'}). Next round soon.`;
  }
  let text = `Round ${r.n} · first to ${r.scoreLimit} stars`;
  if (r.left !== null) {
    const s = Math.ceil(r.left / 1000);
    text += ` · ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')} left`;
  }
  return text;
}

function renderRound() {
  const r = game ? game.roundState() : null;
  const text = roundText(r);
  if (ui.round.textContent !== text) ui.round.textContent = text;
  ui.round.classList.toggle('over', !!r?.over);
}
setInterval(renderRound, 250);

const KEYMAP = { ArrowLeft: 'left', KeyA: 'left', ArrowRight: 'right', KeyD: 'right', ArrowUp: 'jump', KeyW: 'jump', Space: 'jump' };
function onKey(ev, down) {
  const k = KEYMAP[ev.code];
  if (!k || ev.target instanceof HTMLInputElement) return;
  ev.preventDefault();
  keys[k] = down;
  game?.setLocalInput({ ...keys });
}
window.addEventListener('keydown', (e) => onKey(e, true));
window.addEventListener('keyup', (e) => onKey(e, false));
ui.host.addEventListener('click', host);
ui.join.addEventListener('click', join);
window.addEventListener('pagehide', () => game?.stop());

function frame() {
  const view = game ? game.view() : [];
  const r = game ? game.roundState() : null;
  const banner = r?.over ? (r.winner ? `${r.winner} wins!` : 'Draw!') : null;
  draw(ctx, view, game instanceof ArenaHost ? game.me.id : game?.myId ?? null, game ? game.stars() : [], banner);
  if (game instanceof ArenaClient && game.hostLost) status('The host is gone.', true);
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);

/** For tests and the curious: the game's state. */
window.arena = {
  get role() { return game instanceof ArenaHost ? 'host' : game instanceof ArenaClient ? 'client' : null; },
  get id() { return peer?.id ?? null; },
  /** {name: {x, y}} of what this tab draws now. */
  positions() {
    const out = {};
    for (const p of game ? game.view() : []) out[p.name] = { x: p.x, y: p.y };
    return out;
  },
  get snapshots() { return game instanceof ArenaClient ? game.snapshots : 0; },
  /** {name: score} as this tab shows them. */
  scores() {
    const out = {};
    for (const p of game ? (game instanceof ArenaHost ? game.roster() : game.players) : []) out[p.name] = p.score;
    return out;
  },
  /** The round as this tab knows it: {n, over, winner, reason, left, scoreLimit, timeLimit}, or null. */
  get round() { return game ? game.roundState() : null; },
  /** The player name this tab plays as. */
  get playerName() { return ui.name.value; },
  get entry() { return game instanceof ArenaHost ? game.entry?.entry ?? null : null; },
  /** Date.now() when the lobby accepted this tab's entry */
  publishedAt: null,
};

if (params.get('host') === '1') host();
else if (params.get('join')) join();
