// The native signaling protocol (/ws), client side. Message shapes are documented in docs/protocol.md and
// pinned by spec/signaling/golden.json, which test/protocol.test.js reads.

/** Message types the node relays to another peer. */
export const RELAY_TYPES = Object.freeze(['offer', 'answer', 'candidate', 'signal']);

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const TOKEN_PATTERN = /^[\x21-\x7e]{16,128}$/;

/** @param {unknown} id */
export function isValidId(id) {
  return typeof id === 'string' && ID_PATTERN.test(id);
}

/** @param {unknown} token */
export function isValidToken(token) {
  return typeof token === 'string' && TOKEN_PATTERN.test(token);
}

/** Builders for what a client sends. Field order matches the golden examples. */
export const encode = {
  /** @param {{id?: string, token?: string, ref?: string}} [m] */
  register(m = {}) {
    const out = { type: 'register' };
    if (m.id != null) out.id = m.id;
    if (m.token != null) out.token = m.token;
    if (m.ref != null) out.ref = m.ref;
    return JSON.stringify(out);
  },
  /**
   * @param {string} type one of RELAY_TYPES
   * @param {string} to target id
   * @param {unknown} [payload]
   * @param {string} [ref]
   */
  relay(type, to, payload, ref) {
    if (!RELAY_TYPES.includes(type)) throw new TypeError(`not a relay type: ${type}`);
    const out = { type, to };
    if (payload !== undefined) out.payload = payload;
    if (ref != null) out.ref = ref;
    return JSON.stringify(out);
  },
  ping(ref) {
    return JSON.stringify(ref == null ? { type: 'ping' } : { type: 'ping', ref });
  },
  leave() {
    return JSON.stringify({ type: 'leave' });
  },
};

/**
 * Parses and checks a frame from the node. Returns null for anything that is not a well-formed server
 * message (the client ignores it rather than failing).
 * @param {string} text
 * @returns {null | {type: string, [k: string]: any}}
 */
export function parseServerMessage(text) {
  if (typeof text !== 'string') return null;
  let m;
  try {
    m = JSON.parse(text);
  } catch {
    return null;
  }
  if (m === null || typeof m !== 'object' || Array.isArray(m) || typeof m.type !== 'string') return null;
  switch (m.type) {
    case 'registered':
      return isValidId(m.id) && typeof m.token === 'string' ? m : null;
    case 'error':
      return typeof m.code === 'string' && typeof m.message === 'string' ? m : null;
    case 'peer-left':
      return isValidId(m.id) ? m : null;
    case 'pong':
      return m;
    default:
      if (RELAY_TYPES.includes(m.type)) return isValidId(m.from) ? m : null;
      return m; // a feature's message (e.g. lobby-*): its client module checks it
  }
}
