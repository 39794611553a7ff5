import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Emitter } from '../src/emitter.js';

test('on returns an unsubscribe function; once runs once', () => {
  const e = new Emitter();
  const seen = [];
  const off = e.on('x', (v) => seen.push(['on', v]));
  e.once('x', (v) => seen.push(['once', v]));
  e.emit('x', 1);
  off();
  e.emit('x', 2);
  assert.deepEqual(seen, [['on', 1], ['once', 1]]);
});

test('a throwing handler does not stop the others', (t) => {
  const e = new Emitter();
  t.mock.method(console, 'error', () => {});
  let ran = false;
  e.on('x', () => { throw new Error('boom'); });
  e.on('x', () => { ran = true; });
  e.emit('x');
  assert.equal(ran, true);
});
