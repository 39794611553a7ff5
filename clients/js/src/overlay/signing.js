// The three signed texts of the overlay (docs/overlay.md, "Proof of possession" and "Signed messages"):
// link auth, envelopes (bcast, signal) and DHT records. Texts are built here; keys live in identity.js.
import { canonicalize } from './canonical.js';
import { verify } from './identity.js';

/** "weft-auth/1\n" + theirNonce + "\n" + myId + "\n" + theirId */
export const authText = (theirNonce, myId, theirId) => `weft-auth/1\n${theirNonce}\n${myId}\n${theirId}`;

/** Fields covered by an envelope signature: the envelope as sent, without `ttl` and `sig`. */
export function envelopeText(e) {
  const { ttl: _t, sig: _s, ...rest } = e;
  return `weft-sig/1\n${canonicalize(rest)}`;
}

/** "weft-rec/1\n" + JCS(record without sig) */
export function recordText(rec) {
  const { sig: _s, ...rest } = rec;
  return `weft-rec/1\n${canonicalize(rest)}`;
}

/** @param {{sign(text: string): Promise<string>}} identity  @returns {Promise<object>} e with `sig` */
export async function signEnvelope(identity, e) {
  return { ...e, sig: await identity.sign(envelopeText(e)) };
}

/** Whether e.sig is e.from's signature of the envelope. */
export function verifyEnvelope(e) {
  if (typeof e.sig !== 'string' || typeof e.from !== 'string') return Promise.resolve(false);
  return verify(e.from, envelopeText(e), e.sig);
}

export async function signRecord(identity, rec) {
  return { ...rec, sig: await identity.sign(recordText(rec)) };
}

export function verifyRecord(rec) {
  if (typeof rec?.sig !== 'string' || typeof rec.peer !== 'string') return Promise.resolve(false);
  return verify(rec.peer, recordText(rec), rec.sig);
}
