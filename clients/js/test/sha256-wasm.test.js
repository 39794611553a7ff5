import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Sha256 } from '../src/transfer/sha256.js';
import * as wasm from '../src/transfer/sha256-wasm.js';

// Its own file: node --test runs each file in a fresh process, so nothing has hashed before this test.
test('importing weft.js compiles nothing; the first Sha256 starts the WebAssembly compile', async () => {
  await import('../src/index.js');
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(wasm.compressor, null);
  const h = new Sha256();
  await wasm.load();
  assert.ok(wasm.compressor, 'compiled after the first hasher');
  assert.equal(h.update(new TextEncoder().encode('abc')).digestHex(), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});
