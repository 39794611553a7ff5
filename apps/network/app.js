// Draws GET /api/network: this node in the middle, its links around it, refreshed every 2 s.
const NS = 'http://www.w3.org/2000/svg';
const $ = (id) => document.getElementById(id);

function el(name, attrs, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text) e.textContent = text;
  return e;
}

function draw(net) {
  const svg = $('graph');
  svg.replaceChildren();
  const cx = 320;
  const cy = 240;
  const inGroup = new Set();
  for (const [g, ids] of Object.entries(net.groups)) if (g !== '/') ids.forEach((id) => inGroup.add(id));
  const n = net.links.length;
  net.links.forEach((l, i) => {
    const a = (2 * Math.PI * i) / Math.max(1, n);
    const x = cx + 180 * Math.cos(a);
    const y = cy + 180 * Math.sin(a);
    svg.append(el('line', { x1: cx, y1: cy, x2: x, y2: y, class: inGroup.has(l.id) ? 'group' : '' }));
    const g = el('g', { class: l.kind, 'data-peer': l.id });
    // Ids are 52 characters (base32 of a key): the drawing shows their start, the tooltip all of it.
    g.append(el('circle', { cx: x, cy: y, r: 10 }), el('text', { x: x + 12, y: y + 4 }, `${l.id.slice(0, 8)}…`), el('title', {}, l.id));
    svg.append(g);
  });
  const me = el('g', { class: 'self' });
  me.append(el('circle', { cx, cy, r: 14 }), el('text', { x: cx + 16, y: cy + 4 }, `${net.id.slice(0, 8)}… (this node)`), el('title', {}, net.id));
  svg.append(me);
  $('summary').textContent = `${net.id} · ${net.url ?? ''} · ${n} links · DHT ${net.dhtSize}`;
  $('groups').replaceChildren(...Object.entries(net.groups).map(([g, ids]) => {
    const li = document.createElement('li');
    li.textContent = `${g}: ${ids.join(', ') || '(no neighbours)'}`;
    return li;
  }));
  $('known').replaceChildren(...net.knownNodes.map((u) => {
    const li = document.createElement('li');
    li.textContent = u;
    return li;
  }));
}

async function refresh() {
  try {
    const res = await fetch('/api/network', { cache: 'no-store' });
    draw(await res.json());
  } catch (e) {
    $('summary').textContent = `cannot read /api/network: ${e.message}`;
  }
}

refresh();
setInterval(refresh, 2000);
