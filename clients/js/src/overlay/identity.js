// A peer's Ed25519 identity (RFC 8032) with WebCrypto (docs/overlay.md, "Identity"). The peer id is the RFC
// 4648 base32 (lowercase, unpadded) of the 32-byte raw public key, so the key travels inside the id. In a
// browser the key pair is generated with a non-extractable private key and the CryptoKey pair is kept in
// IndexedDB (db "weft", store "keys", key "identity"), so a reloaded page keeps its id. One tab holds the
// stored identity at a time (a Web Lock); a second tab of the same origin, or a runtime without IndexedDB
// (Node.js), gets a fresh in-memory key pair.
import { base32, base64url, unbase32, unbase64url } from './encoding.js';

const ED = { name: 'Ed25519' };
const PKCS8_PREFIX = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];
const DB = 'weft';
const STORE = 'keys';
const KEY = 'identity';
const LOCK = 'weft-identity';
const LOCK_WAIT_MS = 1500;
const utf8 = (s) => new TextEncoder().encode(s);
/** WebCrypto operations under way (tests on a virtual clock wait for them to settle). */
export const cryptoActivity = { pending: 0 };
const track = (p) => {
  cryptoActivity.pending++;
  return p.finally(() => cryptoActivity.pending--);
};
const subtle = () => {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new Error('WebCrypto is not available (a secure context is needed)');
  return s;
};

/** Whether `s` is a key-derived peer id: base32 of exactly 32 bytes (52 characters). */
export function isPeerId(s) {
  return typeof s === 'string' && s.length === 52 && unbase32(s)?.length === 32;
}

/** The raw public key inside a peer id, or null. */
export function publicKeyOf(id) {
  if (typeof id !== 'string' || id.length !== 52) return null;
  const k = unbase32(id);
  return k && k.length === 32 ? k : null;
}

export class Identity {
  /**
   * @param {Uint8Array} publicKey raw, 32 bytes
   * @param {CryptoKey} privateKey
   * @param {string} [store] where the key lives: "indexeddb" or "memory"
   */
  constructor(publicKey, privateKey, store = 'memory') {
    this.publicKey = publicKey;
    this.privateKey = privateKey;
    this.id = base32(publicKey);
    this.store = store;
  }

  /** @returns {Promise<string>} base64url(Ed25519(sk, UTF-8(text))) */
  async sign(text) {
    return base64url(new Uint8Array(await track(subtle().sign(ED, this.privateKey, utf8(text)))));
  }

  /** A fresh key pair, kept in memory only. */
  static async generate() {
    const kp = await subtle().generateKey(ED, false, ['sign', 'verify']);
    return Identity._of(kp, 'memory');
  }

  /** The identity of a 32-byte RFC 8032 seed (tests, vectors). */
  static async fromSeed(seed) {
    const pkcs8 = new Uint8Array([...PKCS8_PREFIX, ...seed]);
    const open = await subtle().importKey('pkcs8', pkcs8, ED, true, ['sign']);
    const jwk = await subtle().exportKey('jwk', open);
    const privateKey = await subtle().importKey('pkcs8', pkcs8, ED, false, ['sign']);
    return new Identity(unbase64url(jwk.x), privateKey, 'memory');
  }

  /**
   * The page's stored identity (created on first use), or a fresh in-memory one where IndexedDB is missing,
   * refused, or held by another tab.
   */
  static async load() {
    const idb = globalThis.indexedDB;
    if (!idb) return Identity.generate();
    try {
      if (!(await holdLock())) return Identity.generate();
      const db = await openDb(idb);
      try {
        const kp = await req(db.transaction(STORE).objectStore(STORE).get(KEY));
        if (kp?.privateKey && kp?.publicKey) return await Identity._of(kp, 'indexeddb');
        const fresh = await subtle().generateKey(ED, false, ['sign', 'verify']);
        const tx = db.transaction(STORE, 'readwrite');
        tx.objectStore(STORE).put({ privateKey: fresh.privateKey, publicKey: fresh.publicKey }, KEY);
        await new Promise((resolve, reject) => {
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error);
        });
        return await Identity._of(fresh, 'indexeddb');
      } finally {
        db.close();
      }
    } catch (e) {
      console.warn('weft: no stored identity, using a key for this page only', e);
      return Identity.generate();
    }
  }

  static async _of(kp, store) {
    const raw = new Uint8Array(await subtle().exportKey('raw', kp.publicKey));
    return new Identity(raw, kp.privateKey, store);
  }
}

const verifyKeys = new Map();

/** @returns {Promise<boolean>} whether `sig` (base64url) is the Ed25519 signature of `text` by peer `id` */
export async function verify(id, text, sig) {
  const sigBytes = unbase64url(sig);
  if (!sigBytes || sigBytes.length !== 64) return false;
  let key = verifyKeys.get(id);
  if (!key) {
    const raw = publicKeyOf(id);
    if (!raw) return false;
    try {
      key = await track(subtle().importKey('raw', raw, ED, true, ['verify']));
    } catch {
      return false; // not a point on the curve
    }
    if (verifyKeys.size >= 4096) verifyKeys.delete(verifyKeys.keys().next().value);
    verifyKeys.set(id, key);
  }
  try {
    return await track(subtle().verify(ED, key, sigBytes, utf8(text)));
  } catch {
    return false;
  }
}

/** SHA-256 of bytes or of a string's UTF-8. */
export async function sha256(data) {
  return new Uint8Array(await subtle().digest('SHA-256', typeof data === 'string' ? utf8(data) : data));
}

/** The DHT key of a peer: SHA-256(raw public key). */
export const peerKey = (id) => sha256(publicKeyOf(id));

/** The DHT key of a group: SHA-256(UTF-8("weft/group/" + name)). */
export const groupKey = (name) => sha256(`weft/group/${name}`);

let lockHeld = null;

/**
 * Holds the identity Web Lock for the page's lifetime; false if another tab still holds it after
 * LOCK_WAIT_MS (a reloading page's predecessor releases it as it unloads).
 */
function holdLock() {
  const locks = globalThis.navigator?.locks;
  if (!locks) return Promise.resolve(true);
  if (lockHeld) return lockHeld;
  lockHeld = new Promise((resolve) => {
    const signal = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(LOCK_WAIT_MS) : undefined;
    locks.request(LOCK, { signal }, () => {
      resolve(true);
      return new Promise(() => {}); // kept until the page goes away
    }).catch(() => resolve(false));
  });
  return lockHeld;
}

function openDb(idb) {
  const r = idb.open(DB, 1);
  r.onupgradeneeded = () => {
    if (!r.result.objectStoreNames.contains(STORE)) r.result.createObjectStore(STORE);
  };
  return req(r);
}

function req(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}
