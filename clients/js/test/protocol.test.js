import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encode, isValidId, isValidToken, parseServerMessage } from '../src/protocol.js';
import { load } from '../testlib/spec.js';

const golden = load('signaling/golden.json');

test('the client builds messages byte-identical to the golden examples', () => {
  const byName = Object.fromEntries(golden.client.map((c) => [c.name, c]));
  assert.equal(encode.register({ id: 'alice', token: 's3cret-token-0123456789' }), byName['register with id and token'].json);
  assert.equal(encode.register(), byName['register for a generated id'].json);
  assert.equal(encode.register({ id: 'bob_2', ref: 'r1' }), byName['register with a ref'].json);
  const offer = byName.offer;
  assert.equal(encode.relay('offer', 'bob', JSON.parse(offer.payload), 'c-1'), offer.json);
  assert.equal(encode.relay('signal', 'bob'), byName['signal without payload'].json);
  assert.equal(encode.ping('p1'), byName.ping.json);
  assert.equal(encode.leave(), byName.leave.json);
});

test('ids and tokens follow the same rules as the node', () => {
  for (const c of golden.client) {
    const m = safeParse(c.json);
    if (!m || m.type !== 'register') continue;
    if (c.error === 'INVALID_ID') assert.equal(isValidId(m.id), false, c.name);
    if (c.error === 'INVALID_TOKEN') assert.equal(isValidToken(m.token), false, c.name);
    if (!c.error && m.id) assert.equal(isValidId(m.id), true, c.name);
  }
  assert.equal(isValidId('a'.repeat(64)), true);
  assert.equal(isValidId('a'.repeat(65)), false);
});

test('every golden server frame parses', () => {
  for (const s of golden.server) assert.ok(parseServerMessage(s.json), s.name);
  for (const r of golden.relay) {
    const m = parseServerMessage(r.out);
    assert.ok(m, r.name);
    assert.equal(m.from, r.from);
  }
});

test('malformed server frames are ignored, not thrown', () => {
  for (const bad of ['', 'x', '[]', 'null', '{"type":5}', '{"type":"offer","from":"bad id"}', '{"type":"registered"}']) {
    assert.equal(parseServerMessage(bad), null, bad);
  }
});

function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
