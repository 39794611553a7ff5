// Incremental SHA-256 (FIPS 180-4, "Secure Hash Standard", sections 4.1.2, 4.2.2, 5.1.1, 5.3.3, 6.2).
// WebCrypto's digest() takes the whole message at once, so a file that streams in chunks needs this.

import { H0, K } from './sha256-constants.js';
import { CAPACITY, DATA, compressor, load } from './sha256-wasm.js';

const BLOCK = 64;

/**
 * SHA-256 over data given in pieces: `update(bytes)` any number of times, then `digestHex()` once.
 * The rounds run in WebAssembly (sha256-wasm.js) once its module is compiled, in JavaScript until then.
 */
export class Sha256 {
  constructor() {
    if (!compressor) load(); // this hasher switches to the WebAssembly rounds once they are compiled
    this._h = new Int32Array(H0);
    this._w = new Int32Array(64);
    this._buf = new Uint8Array(BLOCK);
    this._bufLen = 0;
    /** total bytes hashed (a double: exact up to 2^53) */
    this.length = 0;
    this._done = false;
  }

  /**
   * @param {Uint8Array|ArrayBuffer} data
   * @returns {this}
   */
  update(data) {
    if (this._done) throw new Error('Sha256: update after digest');
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
    let pos = 0;
    const n = bytes.length;
    this.length += n;
    if (this._bufLen > 0) {
      const take = Math.min(BLOCK - this._bufLen, n);
      this._buf.set(bytes.subarray(0, take), this._bufLen);
      this._bufLen += take;
      pos = take;
      if (this._bufLen < BLOCK) return this;
      this._blocks(this._buf, 0, BLOCK);
      this._bufLen = 0;
    }
    const whole = pos + Math.floor((n - pos) / BLOCK) * BLOCK;
    if (whole > pos) this._blocks(bytes, pos, whole);
    if (whole < n) {
      this._buf.set(bytes.subarray(whole), 0);
      this._bufLen = n - whole;
    }
    return this;
  }

  /** Pads (FIPS 180-4 §5.1.1) and returns the 32-byte digest. The hasher cannot be used after. */
  digest() {
    if (this._done) throw new Error('Sha256: digest called twice');
    const bits = this.length * 8;
    const pad = new Uint8Array(this._bufLen < 56 ? 64 - this._bufLen : 128 - this._bufLen);
    pad[0] = 0x80;
    const view = new DataView(pad.buffer);
    view.setUint32(pad.length - 8, Math.floor(bits / 0x100000000));
    view.setUint32(pad.length - 4, bits >>> 0);
    const total = this.length;
    this.update(pad);
    this.length = total;
    this._done = true;
    const out = new Uint8Array(32);
    const ov = new DataView(out.buffer);
    for (let i = 0; i < 8; i++) ov.setInt32(i * 4, this._h[i]);
    return out;
  }

  /**
   * The hasher's running state, to continue later (e.g. a download resumed after a page reload):
   * {h: 8 words, tail: the bytes of the unfinished block, length}. Plain data, storable in IndexedDB.
   * @returns {{h: number[], tail: Uint8Array, length: number}}
   */
  state() {
    if (this._done) throw new Error('Sha256: state after digest');
    return { h: [...this._h], tail: this._buf.slice(0, this._bufLen), length: this.length };
  }

  /** A hasher that continues from a `state()`. */
  static from(st) {
    const x = new Sha256();
    if (!st || !Array.isArray(st.h) || st.h.length !== 8 || !(st.tail instanceof Uint8Array) || st.tail.length >= BLOCK
      || !Number.isInteger(st.length) || st.length < 0 || st.length % BLOCK !== st.tail.length) {
      throw new Error('Sha256: not a hasher state');
    }
    x._h.set(st.h);
    x._buf.set(st.tail);
    x._bufLen = st.tail.length;
    x.length = st.length;
    return x;
  }

  /** The digest as 64 lowercase hex characters. */
  digestHex() {
    return toHex(this.digest());
  }

  /** Processes whole 64-byte blocks of `b` from `start` to `end` (FIPS 180-4 §6.2.2). */
  _blocks(b, start, end) {
    const wasm = compressor;
    if (wasm) {
      // the blocks are copied into the module's memory, at most CAPACITY bytes per call
      wasm.h.set(this._h);
      for (let p = start; p < end;) {
        const n = Math.min(end - p, CAPACITY);
        wasm.u8.set(b.subarray(p, p + n), DATA);
        wasm.compress(n >>> 6);
        p += n;
      }
      this._h.set(wasm.h);
      return;
    }
    this._jsBlocks(b, start, end);
  }

  /** _blocks in JavaScript: before the WebAssembly module is compiled, or where it cannot be. */
  _jsBlocks(b, start, end) {
    const w = this._w;
    const h = this._h;
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let h0 = h[0], h1 = h[1], h2 = h[2], h3 = h[3], h4 = h[4], h5 = h[5], h6 = h[6], h7 = h[7];
    for (let p = start; p < end; p += BLOCK) {
      let a = h0, bb = h1, c = h2, d = h3, e = h4, f = h5, g = h6, hh = h7;
      for (let t = 0; t < 16; t++) w[t] = dv.getInt32(p + t * 4);
      for (let t = 16; t < 64; t += 2) {
        let x = w[t - 15];
        let y = w[t - 2];
        w[t] = (w[t - 16] + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w[t - 7]
          + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
        x = w[t - 14];
        y = w[t - 1];
        w[t + 1] = (w[t - 15] + (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) + w[t - 6]
          + (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10))) | 0;
      }
      // 8 rounds per pass, with the working variables renamed instead of shifted (§6.2.2 step 3)
      let t1 = 0;
      for (let t = 0; t < 64; t += 8) {
        t1 = (hh + ((((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7)))) + (g ^ (e & (f ^ g))) + K[t] + w[t]) | 0;
        d = (d + t1) | 0;
        hh = (t1 + ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & bb) | (c & (a | bb))))) | 0;
        t1 = (g + ((((d >>> 6) | (d << 26)) ^ ((d >>> 11) | (d << 21)) ^ ((d >>> 25) | (d << 7)))) + (f ^ (d & (e ^ f))) + K[t + 1] + w[t + 1]) | 0;
        c = (c + t1) | 0;
        g = (t1 + ((((hh >>> 2) | (hh << 30)) ^ ((hh >>> 13) | (hh << 19)) ^ ((hh >>> 22) | (hh << 10))) + ((hh & a) | (bb & (hh | a))))) | 0;
        t1 = (f + ((((c >>> 6) | (c << 26)) ^ ((c >>> 11) | (c << 21)) ^ ((c >>> 25) | (c << 7)))) + (e ^ (c & (d ^ e))) + K[t + 2] + w[t + 2]) | 0;
        bb = (bb + t1) | 0;
        f = (t1 + ((((g >>> 2) | (g << 30)) ^ ((g >>> 13) | (g << 19)) ^ ((g >>> 22) | (g << 10))) + ((g & hh) | (a & (g | hh))))) | 0;
        t1 = (e + ((((bb >>> 6) | (bb << 26)) ^ ((bb >>> 11) | (bb << 21)) ^ ((bb >>> 25) | (bb << 7)))) + (d ^ (bb & (c ^ d))) + K[t + 3] + w[t + 3]) | 0;
        a = (a + t1) | 0;
        e = (t1 + ((((f >>> 2) | (f << 30)) ^ ((f >>> 13) | (f << 19)) ^ ((f >>> 22) | (f << 10))) + ((f & g) | (hh & (f | g))))) | 0;
        t1 = (d + ((((a >>> 6) | (a << 26)) ^ ((a >>> 11) | (a << 21)) ^ ((a >>> 25) | (a << 7)))) + (c ^ (a & (bb ^ c))) + K[t + 4] + w[t + 4]) | 0;
        hh = (hh + t1) | 0;
        d = (t1 + ((((e >>> 2) | (e << 30)) ^ ((e >>> 13) | (e << 19)) ^ ((e >>> 22) | (e << 10))) + ((e & f) | (g & (e | f))))) | 0;
        t1 = (c + ((((hh >>> 6) | (hh << 26)) ^ ((hh >>> 11) | (hh << 21)) ^ ((hh >>> 25) | (hh << 7)))) + (bb ^ (hh & (a ^ bb))) + K[t + 5] + w[t + 5]) | 0;
        g = (g + t1) | 0;
        c = (t1 + ((((d >>> 2) | (d << 30)) ^ ((d >>> 13) | (d << 19)) ^ ((d >>> 22) | (d << 10))) + ((d & e) | (f & (d | e))))) | 0;
        t1 = (bb + ((((g >>> 6) | (g << 26)) ^ ((g >>> 11) | (g << 21)) ^ ((g >>> 25) | (g << 7)))) + (a ^ (g & (hh ^ a))) + K[t + 6] + w[t + 6]) | 0;
        f = (f + t1) | 0;
        bb = (t1 + ((((c >>> 2) | (c << 30)) ^ ((c >>> 13) | (c << 19)) ^ ((c >>> 22) | (c << 10))) + ((c & d) | (e & (c | d))))) | 0;
        t1 = (a + ((((f >>> 6) | (f << 26)) ^ ((f >>> 11) | (f << 21)) ^ ((f >>> 25) | (f << 7)))) + (hh ^ (f & (g ^ hh))) + K[t + 7] + w[t + 7]) | 0;
        e = (e + t1) | 0;
        a = (t1 + ((((bb >>> 2) | (bb << 30)) ^ ((bb >>> 13) | (bb << 19)) ^ ((bb >>> 22) | (bb << 10))) + ((bb & c) | (d & (bb | c))))) | 0;
      }
      h0 = (h0 + a) | 0; h1 = (h1 + bb) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
      h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + hh) | 0;
    }
    h[0] = h0; h[1] = h1; h[2] = h2; h[3] = h3; h[4] = h4; h[5] = h5; h[6] = h6; h[7] = h7;
  }
}

/** @param {Uint8Array} bytes */
export function toHex(bytes) {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/**
 * SHA-256 of a Blob/File, read from disk in slices so it never sits in memory whole.
 * @param {Blob} blob
 * @param {{slice?: number, signal?: {aborted: boolean}}} [o]
 * @returns {Promise<string>} hex digest
 */
export async function sha256Blob(blob, o = {}) {
  const step = o.slice ?? 4 * 1024 * 1024;
  const h = new Sha256();
  for (let at = 0; at < blob.size; at += step) {
    if (o.signal?.aborted) throw new Error('aborted');
    h.update(new Uint8Array(await blob.slice(at, Math.min(blob.size, at + step)).arrayBuffer()));
  }
  return h.digestHex();
}

/**
 * sha256Blob in a worker (file-worker.js) where the page can start one, so hashing a large file does not
 * hold the page's main thread; else on this thread.
 * @param {Blob} blob
 * @returns {Promise<string>}
 */
export async function sha256BlobOffThread(blob) {
  if (typeof Worker !== 'function' || typeof window === 'undefined') return sha256Blob(blob);
  const worker = new Worker(new URL('./file-worker.js', import.meta.url), { type: 'module' });
  try {
    return await new Promise((resolve, reject) => {
      worker.onmessage = (ev) => (ev.data.ok ? resolve(ev.data.sha256) : reject(Object.assign(new Error(ev.data.message), { name: ev.data.name })));
      worker.onerror = () => reject(new Error('the hashing worker failed'));
      worker.postMessage({ id: 0, op: 'hashBlob', blob });
    });
  } finally {
    worker.terminate();
  }
}
