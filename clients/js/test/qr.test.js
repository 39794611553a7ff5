// The share app's QR encoder (apps/share/qr.js) against matrices from an independent encoder
// (spec/share/qr-vectors.json: npm qrcode@1.5.4, each decoded back with jsQR when generated).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { encodeQr, qrSvg } from '../../../apps/share/qr.js';

const { vectors } = JSON.parse(readFileSync(new URL('../../../spec/share/qr-vectors.json', import.meta.url), 'utf8'));
const rows = (q) => q.modules.map((r) => r.map((d) => (d ? '1' : '0')).join(''));

test('byte mode, level M: every version 1-10 matches the reference matrix module for module', () => {
  assert.deepEqual([...new Set(vectors.map((v) => v.version))].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  for (const v of vectors) {
    const q = encodeQr(v.text, { mask: v.mask, minVersion: v.version });
    assert.equal(q.version, v.version, v.text);
    assert.equal(q.size, 17 + 4 * v.version);
    assert.deepEqual(rows(q), v.rows, `${JSON.stringify(v.text).slice(0, 30)} version ${v.version} mask ${v.mask}`);
  }
});

test('the smallest version that holds the text is chosen, and the automatic mask is one of the eight', () => {
  assert.equal(encodeQr('weft').version, 1);
  assert.equal(encodeQr('x'.repeat(14)).version, 1); // 14 bytes: the most version 1-M holds
  assert.equal(encodeQr('x'.repeat(15)).version, 2);
  assert.equal(encodeQr('http://127.0.0.1:8080/share/#abcdefghijkl').version, 3);
  assert.equal(encodeQr('w'.repeat(213)).version, 10);
  const q = encodeQr('http://127.0.0.1:8080/share/#abcdefghijkl');
  assert.ok(q.mask >= 0 && q.mask < 8);
  // the automatic choice is the same matrix as forcing that mask
  assert.deepEqual(rows(q), rows(encodeQr('http://127.0.0.1:8080/share/#abcdefghijkl', { mask: q.mask })));
});

test('text too long for version 10 is refused; the SVG has the quiet zone', () => {
  assert.throws(() => encodeQr('w'.repeat(214)), RangeError);
  const svg = qrSvg('weft', { scale: 2 });
  assert.match(svg, /^<svg [^>]*viewBox="0 0 29 29" width="58" height="58"/); // 21 modules + 2 x 4
});
