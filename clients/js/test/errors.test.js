import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCodes, WeftError } from '../src/errors.js';
import { load } from '../testlib/spec.js';

test('weft.js knows every code in spec/error-codes.json and no other', () => {
  const spec = load('error-codes.json');
  const expected = new Set([...spec.node, ...spec.client]);
  assert.deepEqual(new Set(Object.keys(ErrorCodes)), expected);
  for (const [k, v] of Object.entries(ErrorCodes)) assert.equal(k, v);
});

test('WeftError carries its code and peer', () => {
  const e = new WeftError(ErrorCodes.PEER_UNAVAILABLE, 'bob is not online', { peer: 'bob' });
  assert.ok(e instanceof Error);
  assert.equal(e.code, 'PEER_UNAVAILABLE');
  assert.equal(e.peer, 'bob');
  assert.equal(e.name, 'WeftError');
});
