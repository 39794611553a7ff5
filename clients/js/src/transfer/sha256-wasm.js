// The SHA-256 compression function (FIPS 180-4 §6.2.2) as a WebAssembly module, generated here when the first
// hasher asks for it (no build step, no binary file): WebCrypto's digest() has no streaming form, and this runs the rounds at
// about twice the speed of the JavaScript ones in sha256.js, which stay as the fallback.
//
// Module (WebAssembly core spec 1.0, binary format §5): one memory of MEMORY_PAGES pages, exported as `mem`;
// one function `compress(blocks: i32)`, exported, which reads the hash state H (8 words, little-endian) at
// byte 0, runs `blocks` 64-byte message blocks stored from byte DATA on, and writes H back.

import { K } from './sha256-constants.js';

/** Where the message blocks start in the module's memory; the state H is at byte 0. */
export const DATA = 64;
/** Bytes of message the memory holds per call (a multiple of 64). */
export const CAPACITY = 256 * 1024;
const MEMORY_PAGES = Math.ceil((DATA + CAPACITY) / 65536);

// opcodes (binary format §5.4)
const LOOP = 0x03, BLOCK = 0x02, END = 0x0b, BR = 0x0c, BR_IF = 0x0d, VOID = 0x40;
const GET = 0x20, SET = 0x21, TEE = 0x22, LOAD = 0x28, STORE = 0x36, CONST = 0x41, EQZ = 0x45;
const ADD = 0x6a, SUB = 0x6b, AND = 0x71, OR = 0x72, XOR = 0x73, SHR_U = 0x76, ROTL = 0x77, ROTR = 0x78;

// locals: 0 = blocks (the parameter), 1 = p (address of the current block), 2..9 = the working variables
// a..h, 10..25 = the message schedule's 16-word window W[t mod 16], 26..27 = a ^ b of the last two rounds
const N = 0, P = 1, VAR = 2, W = 10, AB = 26, LOCALS = 27;

/** @returns {Uint8Array} the module's bytes */
export function moduleBytes() {
  const c = [];
  const get = (i) => c.push(GET, i);
  const set = (i) => c.push(SET, i);
  const i32 = (v) => c.push(CONST, ...sleb(v));
  const rotr = (i, n) => (get(i), i32(n), c.push(ROTR));
  /** rotr(x, r0) ^ rotr(x, r1) ^ (shift ? x >>> r2 : rotr(x, r2)) */
  const sigma = (i, r0, r1, r2, shift) => {
    rotr(i, r0);
    rotr(i, r1);
    c.push(XOR);
    get(i);
    i32(r2);
    c.push(shift ? SHR_U : ROTR, XOR);
  };

  c.push(BLOCK, VOID, LOOP, VOID);
  get(N);
  c.push(EQZ, BR_IF, 1);
  for (let i = 0; i < 8; i++) {
    i32(0);
    c.push(LOAD, 2, i * 4);
    set(VAR + i);
  }
  // Maj(a, b, c) = ((a ^ b) & (b ^ c)) ^ b, and b ^ c is the previous round's a ^ b: before round 0 it is b ^ c
  get(VAR + 1);
  get(VAR + 2);
  c.push(XOR);
  set(AB + 1);
  for (let t = 0; t < 64; t++) {
    // the variables are renamed instead of shifted: in round t, "a" is local VAR + (-t mod 8), and so on
    const v = (k) => VAR + ((k - t + 64) % 8);
    const [a, b, , d, e, f, g, h] = [0, 1, 2, 3, 4, 5, 6, 7].map(v);
    const w = W + (t % 16);
    if (t < 16) {
      // W[t] = the big-endian word at p + 4t: byte swap = (rotl(x, 8) & 0x00ff00ff) | (rotr(x, 8) & 0xff00ff00)
      get(P);
      c.push(LOAD, 2, ...uleb(t * 4), TEE, w, CONST, 8, ROTL);
      i32(0x00ff00ff);
      c.push(AND);
      get(w);
      c.push(CONST, 8, ROTR);
      i32(0xff00ff00 | 0);
      c.push(AND, OR);
      set(w);
    } else {
      // W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16]  (§6.2.2 step 1)
      sigma(W + ((t - 2) % 16), 17, 19, 10, true);
      get(W + ((t - 7) % 16));
      c.push(ADD);
      sigma(W + ((t - 15) % 16), 7, 18, 3, true);
      c.push(ADD);
      get(w);
      c.push(ADD);
      set(w);
    }
    // T1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t], kept in h's local
    get(h);
    sigma(e, 6, 11, 25, false);
    c.push(ADD);
    get(g); get(e); get(f); get(g);
    c.push(XOR, AND, XOR, ADD);
    i32(K[t]);
    c.push(ADD);
    get(w);
    c.push(ADD);
    set(h);
    // d += T1 (d becomes the next round's e)
    get(d); get(h);
    c.push(ADD);
    set(d);
    // h = T1 + Σ0(a) + Maj(a, b, c) (h becomes the next round's a)
    get(h);
    sigma(a, 2, 13, 22, false);
    c.push(ADD);
    get(a); get(b);
    c.push(XOR, TEE, AB + (t % 2));
    get(AB + ((t + 1) % 2));
    c.push(AND);
    get(b);
    c.push(XOR, ADD);
    set(h);
  }
  // H[i] += the working variables (after 64 rounds the names are back where they started)
  for (let i = 0; i < 8; i++) {
    i32(0);
    i32(0);
    c.push(LOAD, 2, i * 4);
    get(VAR + i);
    c.push(ADD, STORE, 2, i * 4);
  }
  get(P);
  i32(64);
  c.push(ADD);
  set(P);
  get(N);
  i32(1);
  c.push(SUB);
  set(N);
  c.push(BR, 0, END, END);

  // prologue: p = DATA
  const body = [1, LOCALS, 0x7f, CONST, ...sleb(DATA), SET, P, ...c, END];
  const section = (id, bytes) => [id, ...uleb(bytes.length), ...bytes];
  const name = (s) => [s.length, ...[...s].map((ch) => ch.charCodeAt(0))];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 1, 0x7f, 0]), // type 0: (i32) -> ()
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(5, [1, 0, ...uleb(MEMORY_PAGES)]), // one memory, no maximum
    ...section(7, [2, ...name('compress'), 0, 0, ...name('mem'), 2, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}

/** @returns {number[]} unsigned LEB128 */
function uleb(v) {
  const out = [];
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v) byte |= 0x80;
    out.push(byte);
  } while (v);
  return out;
}

/** @returns {number[]} signed LEB128 of a 32-bit integer */
function sleb(v) {
  const out = [];
  v |= 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && !(byte & 0x40)) || (v === -1 && byte & 0x40)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/**
 * @typedef {{compress: (blocks: number) => void, u8: Uint8Array, h: Int32Array}} Compressor
 * @type {Compressor|null} set once the module is compiled; null before, or where WebAssembly is missing or
 *   refused (e.g. a Content-Security-Policy without 'wasm-unsafe-eval')
 */
export let compressor = null;

/** @type {Promise<void>|null} */
let loading = null;

/**
 * Starts compiling the module (once; the first Sha256 does it, so pages that never hash pay nothing) and
 * resolves when `compressor` is set or known to be unavailable. Compiled asynchronously, as the main thread
 * of a page may not compile large modules synchronously.
 * @returns {Promise<void>}
 */
export function load() {
  loading ??= (async () => {
    try {
      if (typeof WebAssembly !== 'object') return;
      const { instance } = await WebAssembly.instantiate(moduleBytes());
      const mem = /** @type {WebAssembly.Memory} */ (instance.exports.mem);
      compressor = {
        compress: /** @type {(n: number) => void} */ (instance.exports.compress),
        u8: new Uint8Array(mem.buffer),
        h: new Int32Array(mem.buffer, 0, 8),
      };
    } catch {
      compressor = null;
    }
  })();
  return loading;
}
