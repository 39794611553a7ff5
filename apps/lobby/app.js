// The lobby page (seed 004's server list): every game the lobby knows, live, sorted by latency from this
// browser to the host; a click joins. The Create-server form opens the arena as a host with its settings.
import { Lobby, sockets } from '/weft.js';
import { LatencyMeter, label } from './latency.js';

const $ = (id) => /** @type {any} */ (document.getElementById(id));
const ui = { status: $('status'), servers: $('servers'), create: $('create') };

/** @type {Map<string, any>} lobby entries by id */
const entries = new Map();
let meter = null;
/** Date.now() when each entry id first appeared here (window.lobbySeen, for tests) */
const firstSeen = (window.lobbySeen = {});

function status(text, error = false) {
  ui.status.textContent = text;
  ui.status.classList.toggle('error', error);
}

function onEvent(ev) {
  if (ev.event === 'snapshot') {
    entries.clear();
    for (const e of ev.entries) {
      entries.set(e.id, e);
      firstSeen[e.id] ??= Date.now();
    }
  } else if (ev.event === 'added' || ev.event === 'updated') {
    entries.set(ev.entry.id, ev.entry);
    firstSeen[ev.entry.id] ??= Date.now();
  } else if (ev.event === 'removed') {
    entries.delete(ev.id);
  }
  const hosts = new Set([...entries.values()].map((e) => e.host));
  for (const e of entries.values()) meter?.track(e.host);
  for (const h of meter?.hosts() ?? []) if (!hosts.has(h)) meter.forget(h);
  render();
}

function render() {
  const rows = [...entries.values()].map((e) => ({ e, ms: meter?.latency(e.host) ?? null }));
  rows.sort((a, b) => (a.ms ?? Infinity) - (b.ms ?? Infinity) || a.e.name.localeCompare(b.e.name));
  ui.servers.replaceChildren(...rows.map(({ e, ms }) => {
    const tr = document.createElement('tr');
    tr.dataset.testid = 'server-row';
    tr.dataset.host = e.host;
    tr.dataset.id = e.id;
    const l = label(ms);
    for (const [text, cls, testid] of [[e.name, '', 'server-name'], [e.map, '', 'server-map'],
      [`${e.players}/${e.maxPlayers}`, '', 'server-players'], [e.region || '-', '', 'server-region'],
      [ms == null ? 'Unknown' : `${l} (${Math.round(ms)} ms)`, l.toLowerCase(), 'server-latency']]) {
      const td = document.createElement('td');
      td.textContent = text;
      if (cls) td.className = cls;
      td.dataset.testid = testid;
      tr.append(td);
    }
    tr.addEventListener('click', () => location.assign(`/arena/?join=${encodeURIComponent(e.host)}`));
    return tr;
  }));
  status(entries.size === 0 ? 'No games yet: create one below.' : `${entries.size} game${entries.size === 1 ? '' : 's'}. Click one to join.`);
}

ui.create.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const f = new FormData(ui.create);
  const q = new URLSearchParams({ host: '1', name: String(f.get('name')), map: String(f.get('map')),
    mode: String(f.get('mode')), scorelimit: String(f.get('scorelimit')), timelimit: String(f.get('timelimit')) });
  location.assign(`/arena/?${q}`);
});

try {
  const peer = await sockets.init();
  meter = new LatencyMeter(sockets, render);
  await new Lobby(peer).watch(onEvent);
} catch (e) {
  status(`Cannot reach the lobby: ${e.message}`, true);
}
