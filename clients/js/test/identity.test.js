// spec/overlay/identity.json checked byte for byte with WebCrypto (the same code the browser runs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Identity, isPeerId, publicKeyOf, verify, peerKey, groupKey } from '../src/overlay/identity.js';
import { canonicalize } from '../src/overlay/canonical.js';
import { authText, envelopeText, recordText, signEnvelope, verifyEnvelope, signRecord, verifyRecord } from '../src/overlay/signing.js';
import { base32, unbase32, base64url, unbase64url, hex, unhex } from '../src/overlay/encoding.js';

const V = JSON.parse(readFileSync(new URL('../../../spec/overlay/identity.json', import.meta.url), 'utf8'));
const ids = await Promise.all(V.peers.map((p) => Identity.fromSeed(unhex(p.seedHex))));

test('keys, ids and DHT keys from the seeds', async () => {
  for (const [i, p] of V.peers.entries()) {
    assert.equal(hex(ids[i].publicKey), p.publicKeyHex);
    assert.equal(ids[i].id, p.id);
    assert.ok(isPeerId(p.id));
    assert.equal(hex(publicKeyOf(p.id)), p.publicKeyHex);
    assert.equal(hex(await peerKey(p.id)), p.dhtKey);
  }
  for (const g of V.groupKeys) assert.equal(hex(await groupKey(g.group)), g.key);
});

test('ids that are not base32 of 32 bytes are refused', () => {
  const id = V.peers[0].id;
  for (const bad of ['n1', id.toUpperCase(), id.slice(0, 51), `${id}a`, `${id.slice(0, 51)}b`, id.replace('a', '1')]) {
    assert.equal(isPeerId(bad), false, bad);
  }
});

test('base32 and base64url round trips', () => {
  for (let n = 0; n < 40; n++) {
    const b = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
    assert.deepEqual(unbase32(base32(b)), b);
    assert.deepEqual(unbase64url(base64url(b)), b);
    assert.equal(base64url(b), Buffer.from(b).toString('base64url'));
  }
  assert.equal(unbase64url('a'), null);
  assert.equal(unbase64url('ab+'), null);
});

test('auth texts and signatures', async () => {
  for (const a of V.auth) {
    const text = authText(a.theirNonce, a.myId, a.theirId);
    assert.equal(text, a.text);
    assert.equal(await ids[a.signer].sign(text), a.sig);
    assert.equal(await verify(a.myId, text, a.sig), true);
    assert.equal(await verify(a.theirId, text, a.sig), false);
    assert.equal(await verify(a.myId, `${text}x`, a.sig), false);
  }
});

test('JCS (RFC 8785) canonical texts', () => {
  for (const c of V.canonical) assert.equal(canonicalize(JSON.parse(c.json)), c.canonical);
  assert.equal(canonicalize(-0), '0');
});

test('signed envelopes: text, signature, forgery and alteration refused', async () => {
  for (const s of V.signed) {
    assert.equal(envelopeText(s.envelope), s.signedText);
    assert.equal(envelopeText({ ...s.envelope, ttl: 7 }), s.signedText);
    const signed = await signEnvelope(ids[s.signer], s.envelope);
    assert.equal(signed.sig, s.sig);
    assert.equal(await verifyEnvelope({ ...signed, ttl: 3 }), true);
    assert.equal(await verifyEnvelope({ ...signed, from: V.peers[1].id }), false);
    assert.equal(await verifyEnvelope({ ...signed, body: { ...signed.body, extra: 1 } }), false);
    assert.equal(await verifyEnvelope({ ...s.envelope }), false);
  }
});

test('signed DHT record', async () => {
  const r = V.record;
  assert.equal(recordText(r.rec), r.signedText);
  const signed = await signRecord(ids[r.signer], r.rec);
  assert.equal(signed.sig, r.sig);
  assert.equal(await verifyRecord(signed), true);
  assert.equal(await verifyRecord({ ...signed, exp: r.rec.exp + 1 }), false);
});

test('under Node (no IndexedDB) load() gives a fresh in-memory identity', async () => {
  const a = await Identity.load();
  const b = await Identity.load();
  assert.equal(a.store, 'memory');
  assert.ok(isPeerId(a.id));
  assert.notEqual(a.id, b.id);
  const sig = await a.sign('x');
  assert.equal(await verify(a.id, 'x', sig), true);
  assert.equal(await verify(b.id, 'x', sig), false);
});
