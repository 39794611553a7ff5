// A small QR Code encoder (ISO/IEC 18004:2015): byte mode, error correction level M, versions 1-10
// (up to 213 bytes: a share link is about 40). Pure: text in, a square matrix of booleans out.
// Sections cited below are those of ISO/IEC 18004:2015.

/** Level M, versions 1-10 (Table 9): [EC codewords per block, [blocks, data codewords per block]...]. */
const BLOCKS_M = [
  null,
  [10, [1, 16]], [16, [1, 28]], [26, [1, 44]], [18, [2, 32]], [24, [2, 43]],
  [16, [4, 27]], [18, [4, 31]], [22, [2, 38], [2, 39]], [22, [3, 36], [2, 37]], [26, [4, 43], [1, 44]],
];
/** Row/column centres of the alignment patterns (Annex E, Table E.1). */
const ALIGN = [null, [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50]];
export const MAX_VERSION = 10;

/**
 * @param {string} text encoded as UTF-8 in byte mode
 * @param {{mask?: number, minVersion?: number}} [o] force a mask (0-7); by default the one with the lowest penalty (7.8.3)
 * @returns {{version: number, mask: number, size: number, modules: boolean[][]}} modules[y][x], true = dark
 */
export function encodeQr(text, o = {}) {
  const data = new TextEncoder().encode(text);
  let version = Math.max(1, o.minVersion ?? 1);
  for (; version <= MAX_VERSION; version++) {
    if (4 + (version < 10 ? 8 : 16) + 8 * data.length <= 8 * dataCodewords(version)) break;
  }
  if (version > MAX_VERSION) throw new RangeError(`QR: ${data.length} bytes do not fit in version ${MAX_VERSION} at level M`);
  const codewords = interleave(version, dataBits(version, data));
  const size = 17 + 4 * version;
  const base = new Matrix(size);
  drawFunctionPatterns(base, version);
  placeCodewords(base, codewords);
  let best = null;
  for (let mask = 0; mask < 8; mask++) {
    if (o.mask !== undefined && mask !== o.mask) continue;
    const m = base.copy();
    applyMask(m, mask);
    drawFormat(m, mask);
    const score = o.mask !== undefined ? 0 : penalty(m);
    if (!best || score < best.score) best = { m, mask, score };
  }
  return { version, mask: best.mask, size, modules: best.m.rows() };
}

function dataCodewords(version) {
  const [, ...groups] = BLOCKS_M[version];
  return groups.reduce((a, [n, k]) => a + n * k, 0);
}

/** The data bit stream (7.4): mode 0100, count, bytes, terminator, padding to codewords (7.4.10). */
function dataBits(version, data) {
  const bits = [];
  const put = (v, n) => {
    for (let i = n - 1; i >= 0; i--) bits.push((v >>> i) & 1);
  };
  put(0b0100, 4);
  put(data.length, version < 10 ? 8 : 16);
  for (const b of data) put(b, 8);
  const capacity = 8 * dataCodewords(version);
  put(0, Math.min(4, capacity - bits.length));
  while (bits.length % 8) bits.push(0);
  for (let pad = 0; bits.length < capacity; pad ^= 1) put(pad ? 0x11 : 0xec, 8);
  const out = new Uint8Array(bits.length / 8);
  for (let i = 0; i < bits.length; i++) out[i >> 3] |= bits[i] << (7 - (i & 7));
  return out;
}

/** Splits into blocks, adds Reed-Solomon EC codewords to each, interleaves (7.5, 7.6). */
function interleave(version, data) {
  const [ec, ...groups] = BLOCKS_M[version];
  const gen = generator(ec);
  const blocks = [];
  let at = 0;
  for (const [n, k] of groups) {
    for (let i = 0; i < n; i++) {
      const d = data.subarray(at, at + k);
      at += k;
      blocks.push({ d, e: remainder(d, gen) });
    }
  }
  const out = [];
  const maxK = Math.max(...blocks.map((b) => b.d.length));
  for (let i = 0; i < maxK; i++) for (const b of blocks) if (i < b.d.length) out.push(b.d[i]);
  for (let i = 0; i < ec; i++) for (const b of blocks) out.push(b.e[i]);
  return out;
}

// GF(256) with the primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11d) (7.5.2).
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x <<= 1;
  if (x & 0x100) x ^= 0x11d;
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255];
const mul = (a, b) => (a && b ? EXP[LOG[a] + LOG[b]] : 0);

/** The generator polynomial prod (x - a^i), i = 0..n-1, highest degree first, leading 1 dropped (Annex A). */
function generator(n) {
  let g = [1];
  for (let i = 0; i < n; i++) {
    const next = new Array(g.length + 1).fill(0);
    for (let j = 0; j < g.length; j++) {
      next[j] ^= g[j];
      next[j + 1] ^= mul(g[j], EXP[i]);
    }
    g = next;
  }
  return g.slice(1);
}

/** The EC codewords: data(x) * x^n mod g(x). */
function remainder(data, gen) {
  const r = new Array(gen.length).fill(0);
  for (const b of data) {
    const f = b ^ r.shift();
    r.push(0);
    for (let i = 0; i < gen.length; i++) r[i] ^= mul(gen[i], f);
  }
  return r;
}

class Matrix {
  constructor(size) {
    this.size = size;
    this.dark = new Uint8Array(size * size);
    this.fixed = new Uint8Array(size * size);
  }
  copy() {
    const m = new Matrix(this.size);
    m.dark.set(this.dark);
    m.fixed.set(this.fixed);
    return m;
  }
  get(x, y) {
    return this.dark[y * this.size + x] === 1;
  }
  /** A function-pattern module (never masked, never holds data). */
  fn(x, y, dark) {
    this.dark[y * this.size + x] = dark ? 1 : 0;
    this.fixed[y * this.size + x] = 1;
  }
  rows() {
    return Array.from({ length: this.size }, (_, y) => Array.from({ length: this.size }, (_, x) => this.get(x, y)));
  }
}

/** Finder, separator, timing and alignment patterns, the dark module, and reserved format/version areas (6.3). */
function drawFunctionPatterns(m, version) {
  const n = m.size;
  for (let i = 0; i < n; i++) {
    m.fn(6, i, i % 2 === 0);
    m.fn(i, 6, i % 2 === 0);
  }
  for (const [cx, cy] of [[3, 3], [n - 4, 3], [3, n - 4]]) {
    for (let dy = -4; dy <= 4; dy++) {
      for (let dx = -4; dx <= 4; dx++) {
        const x = cx + dx;
        const y = cy + dy;
        if (x < 0 || y < 0 || x >= n || y >= n) continue;
        const d = Math.max(Math.abs(dx), Math.abs(dy));
        m.fn(x, y, d !== 2 && d !== 4);
      }
    }
  }
  const centres = ALIGN[version];
  for (const cy of centres) {
    for (const cx of centres) {
      if ((cx === 6 && cy === 6) || (cx === 6 && cy === n - 7) || (cx === n - 7 && cy === 6)) continue;
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) m.fn(cx + dx, cy + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
    }
  }
  drawFormat(m, 0); // reserves the areas; drawn again with the chosen mask
  if (version >= 7) {
    // Version information (7.10, Annex D): 6 bits + BCH(18,6) with generator 0x1f25.
    let r = version;
    for (let i = 0; i < 12; i++) r = (r << 1) ^ ((r >>> 11) * 0x1f25);
    const bits = (version << 12) | r;
    for (let i = 0; i < 18; i++) {
      const dark = ((bits >>> i) & 1) === 1;
      const a = n - 11 + (i % 3);
      const b = Math.floor(i / 3);
      m.fn(a, b, dark);
      m.fn(b, a, dark);
    }
  }
}

/** Format information (7.9): level M (00) and the mask, BCH(15,5) with generator 0x537, XOR 0x5412. */
function drawFormat(m, mask) {
  const n = m.size;
  const data = (0b00 << 3) | mask;
  let r = data;
  for (let i = 0; i < 10; i++) r = (r << 1) ^ ((r >>> 9) * 0x537);
  const bits = ((data << 10) | r) ^ 0x5412;
  const bit = (i) => ((bits >>> i) & 1) === 1;
  // around the top-left finder
  for (let i = 0; i <= 5; i++) m.fn(8, i, bit(i));
  m.fn(8, 7, bit(6));
  m.fn(8, 8, bit(7));
  m.fn(7, 8, bit(8));
  for (let i = 9; i < 15; i++) m.fn(14 - i, 8, bit(i));
  // the copy split between the other two finders
  for (let i = 0; i < 8; i++) m.fn(n - 1 - i, 8, bit(i));
  for (let i = 8; i < 15; i++) m.fn(8, n - 15 + i, bit(i));
  m.fn(8, n - 8, true); // the dark module
}

/** Places codewords in the two-module-wide zigzag from the bottom right (7.7.3). */
function placeCodewords(m, codewords) {
  const n = m.size;
  let i = 0;
  const total = codewords.length * 8;
  for (let right = n - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5; // skip the vertical timing pattern
    for (let v = 0; v < n; v++) {
      for (let j = 0; j < 2; j++) {
        const x = right - j;
        const upward = ((right + 1) & 2) === 0;
        const y = upward ? n - 1 - v : v;
        if (m.fixed[y * n + x]) continue;
        if (i < total) m.dark[y * n + x] = (codewords[i >>> 3] >>> (7 - (i & 7))) & 1;
        i++; // remainder bits stay light
      }
    }
  }
}

/** Data-mask conditions (7.8.2, Table 10). */
const MASKS = [
  (x, y) => (x + y) % 2 === 0,
  (x, y) => y % 2 === 0,
  (x) => x % 3 === 0,
  (x, y) => (x + y) % 3 === 0,
  (x, y) => (Math.floor(y / 2) + Math.floor(x / 3)) % 2 === 0,
  (x, y) => ((x * y) % 2) + ((x * y) % 3) === 0,
  (x, y) => (((x * y) % 2) + ((x * y) % 3)) % 2 === 0,
  (x, y) => (((x + y) % 2) + ((x * y) % 3)) % 2 === 0,
];

function applyMask(m, mask) {
  const f = MASKS[mask];
  for (let y = 0; y < m.size; y++) for (let x = 0; x < m.size; x++) if (!m.fixed[y * m.size + x] && f(x, y)) m.dark[y * m.size + x] ^= 1;
}

/** The penalty score of a masked symbol (7.8.3, Table 11): N1=3, N2=3, N3=40, N4=10. */
export function penalty(m) {
  const n = m.size;
  const at = (x, y) => m.dark[y * n + x];
  let score = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let a = 0; a < n; a++) {
      const line = Array.from({ length: n }, (_, b) => (pass === 0 ? at(b, a) : at(a, b)));
      // N1: runs of 5+ same-colour modules
      let run = 1;
      for (let b = 1; b <= n; b++) {
        if (b < n && line[b] === line[b - 1]) run++;
        else {
          if (run >= 5) score += 3 + (run - 5);
          run = 1;
        }
      }
      // N3: 1:1:3:1:1 finder-like pattern with 4 light modules on either side (light outside the symbol)
      const padded = [0, 0, 0, 0, ...line, 0, 0, 0, 0];
      for (let b = 0; b + 11 <= padded.length; b++) {
        const s = padded.slice(b, b + 11).join('');
        if (s === '00001011101' || s === '10111010000') score += 40;
      }
    }
  }
  // N2: 2x2 blocks of one colour
  for (let y = 0; y < n - 1; y++) {
    for (let x = 0; x < n - 1; x++) {
      const c = at(x, y);
      if (c === at(x + 1, y) && c === at(x, y + 1) && c === at(x + 1, y + 1)) score += 3;
    }
  }
  // N4: proportion of dark modules, 10 points per 5% away from 50%
  let dark = 0;
  for (let i = 0; i < n * n; i++) dark += m.dark[i];
  score += 10 * Math.floor(Math.abs(dark * 20 - n * n * 10) / (n * n));
  return score;
}

/**
 * The symbol as an SVG image (with the 4-module quiet zone of 6.3.8).
 * @param {string} text
 * @param {{scale?: number}} [o]
 */
export function qrSvg(text, o = {}) {
  const { size, modules } = encodeQr(text);
  const q = 4;
  const dim = size + 2 * q;
  let path = '';
  modules.forEach((row, y) => row.forEach((dark, x) => {
    if (dark) path += `M${x + q} ${y + q}h1v1h-1z`;
  }));
  const px = dim * (o.scale ?? 4);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${dim} ${dim}" width="${px}" height="${px}" shape-rendering="crispEdges"><rect width="${dim}" height="${dim}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}
