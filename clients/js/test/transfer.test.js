import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import * as F from '../src/transfer/frames.js';
import { Sha256, sha256Blob } from '../src/transfer/sha256.js';
import * as wasm from '../src/transfer/sha256-wasm.js';

const wasmReady = wasm.load();

/** 70,001 bytes of a fixed pattern (not a multiple of the 64-byte block). */
function sample() {
  const data = new Uint8Array(70_001);
  for (let i = 0; i < data.length; i++) data[i] = (i * 131 + 17) & 255;
  return data;
}

// Both round implementations: the WebAssembly module (once compiled) and the JavaScript fallback.
const ENGINES = ['wasm', 'js'];
async function hasher(engine) {
  await wasmReady;
  assert.ok(wasm.compressor, 'the WebAssembly module compiles in Node');
  const h = new Sha256();
  if (engine === 'js') h._blocks = h._jsBlocks; // what runs before the module is compiled, or without WebAssembly
  return h;
}

for (const engine of ENGINES) {
  test(`Sha256 (${engine} rounds) matches FIPS 180-4 examples and node:crypto for every split`, async () => {
    // FIPS 180-4 / NIST CSRC examples: "abc" and the two-block message.
    assert.equal((await hasher(engine)).update(new TextEncoder().encode('abc')).digestHex(),
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal((await hasher(engine)).update(new TextEncoder().encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).digestHex(),
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
    assert.equal((await hasher(engine)).digestHex(), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const data = sample();
    for (const n of [1, 55, 56, 63, 64, 65, 127, 128, 1000, data.length]) {
      const h = await hasher(engine);
      for (let p = 0, step = 1; p < n; p += step, step = (step * 7 + 3) % 301 + 1) h.update(data.subarray(p, Math.min(n, p + step)));
      assert.equal(h.digestHex(), createHash('sha256').update(data.subarray(0, n)).digest('hex'), `length ${n}`);
    }
    // pieces larger than what the module's memory takes per call, starting at uneven offsets
    const big = new Uint8Array(wasm.CAPACITY * 2 + 4099);
    for (let i = 0; i < big.length; i++) big[i] = (i * 2654435761) >>> 24;
    const h = await hasher(engine);
    h.update(big.subarray(0, 3)).update(big.subarray(3, wasm.CAPACITY + 70)).update(big.subarray(wasm.CAPACITY + 70));
    assert.equal(h.digestHex(), createHash('sha256').update(big).digest('hex'));
    // digestHex() spent the hasher
    assert.throws(() => h.update(new Uint8Array(1)));
  });
}

test('sha256Blob reads a Blob in slices', async () => {
  const data = sample();
  assert.equal(await sha256Blob(new Blob([data]), { slice: 1000 }), createHash('sha256').update(data).digest('hex'));
});

test('the WebAssembly module is a valid module with the documented exports', async () => {
  const bytes = wasm.moduleBytes();
  assert.ok(WebAssembly.validate(bytes));
  const exports = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => `${e.name}:${e.kind}`).sort();
  assert.deepEqual(exports, ['compress:function', 'mem:memory']);
});

test('Sha256 state() and from() continue a hash where it stopped (resume after a reload)', () => {
  const data = new Uint8Array(10_007);
  for (let i = 0; i < data.length; i++) data[i] = (i * 37 + 5) & 255;
  for (const cut of [0, 1, 63, 64, 65, 4096, 10_000]) {
    const a = new Sha256().update(data.subarray(0, cut));
    // through structured-clone-like plain data, as IndexedDB stores it
    const st = a.state();
    const copy = { h: [...st.h], tail: new Uint8Array(st.tail), length: st.length };
    const b = Sha256.from(copy).update(data.subarray(cut));
    assert.equal(b.digestHex(), createHash('sha256').update(data).digest('hex'), `cut at ${cut}`);
  }
  assert.throws(() => Sha256.from({ h: [1, 2], tail: new Uint8Array(0), length: 0 }));
  assert.throws(() => Sha256.from({ h: new Array(8).fill(0), tail: new Uint8Array(3), length: 64 }));
});

test('chunk frames carry file id and 53-bit offsets', () => {
  const payload = new Uint8Array([9, 8, 7]);
  for (const [id, offset] of [[0, 0], [7, 65536], [0xffffffff, 2 ** 40 + 5], [3, Number.MAX_SAFE_INTEGER]]) {
    const frame = F.encodeChunk(id, offset, payload);
    assert.equal(frame.length, F.CHUNK_HEADER + 3);
    const c = F.decodeChunk(frame.buffer);
    assert.equal(c.id, id);
    assert.equal(c.offset, offset);
    assert.deepEqual([...c.payload], [9, 8, 7]);
  }
  assert.throws(() => F.decodeChunk(new ArrayBuffer(15)), { code: 'INVALID_FRAME' });
  const wrongKind = F.encodeChunk(1, 0, payload);
  wrongKind[0] = 2;
  assert.throws(() => F.decodeChunk(wrongKind.buffer), { code: 'INVALID_FRAME' });
  const tooFar = F.encodeChunk(1, 0, payload);
  tooFar[8] = 0xff;
  assert.throws(() => F.decodeChunk(tooFar.buffer), { code: 'INVALID_FRAME' });
});

test('control messages round-trip and bad ones are INVALID_FRAME', () => {
  const sha = 'a'.repeat(64);
  const good = [
    F.manifest([{ id: 0, name: 'a.txt', size: 3, type: 'text/plain', sha256: null }, { id: 4, name: 'b', size: 0, type: '', sha256: sha }]),
    F.get(4, 0), F.get(0, 123456789), F.ack(0, 4 << 20), F.ack(0, 3, true), F.end(0, 3, sha), F.cancel(),
    F.error('FILE_NOT_FOUND', 'gone', 2), F.error('INVALID_FRAME', 'x'),
  ];
  for (const m of good) assert.deepEqual(F.parseControl(JSON.stringify(m)), m);
  const bad = [
    'nope', '[]', '{"t":"what"}', '{"t":"manifest","v":2,"files":[]}',
    '{"t":"manifest","v":1,"files":[{"id":0,"name":"","size":1,"type":""}]}',
    `{"t":"manifest","v":1,"files":[{"id":0,"name":"${'x'.repeat(256)}","size":1,"type":""}]}`,
    '{"t":"manifest","v":1,"files":[{"id":-1,"name":"a","size":1,"type":""}]}',
    '{"t":"manifest","v":1,"files":[{"id":0,"name":"a","size":1.5,"type":""}]}',
    '{"t":"manifest","v":1,"files":[{"id":0,"name":"a","size":1,"type":"","sha256":"ABC"}]}',
    `{"t":"manifest","v":1,"files":${JSON.stringify(Array.from({ length: 1001 }, (_, i) => ({ id: i, name: 'f', size: 0, type: '' })))}}`,
    '{"t":"get","id":0}', '{"t":"get","id":0,"offset":-1}', '{"t":"get","id":"0","offset":0}',
    '{"t":"ack","id":0,"bytes":1,"verified":"yes"}', '{"t":"end","id":0,"size":1,"sha256":"00"}',
    '{"t":"error","code":"lower case","message":"m"}', 'x'.repeat(F.MAX_CONTROL_BYTES + 1),
  ];
  for (const text of bad) assert.throws(() => F.parseControl(text), { code: 'INVALID_FRAME' }, text.slice(0, 60));
});
