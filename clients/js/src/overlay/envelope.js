// Overlay messages: parsing with every field checked (never throws anything but OverlayError), and writing.
// The same rules as weft-overlay's EnvelopeCodec/MessageRules (docs/overlay.md, "Messages").
import * as C from './constants.js';
import { isPeerId } from './identity.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const MSG_ID = /^[A-Za-z0-9_-]{1,32}$/;
const GROUP = /^(\/|[A-Za-z0-9][A-Za-z0-9_.:-]{0,63})$/;
const TERM = /^[A-Za-z0-9_.:/-]{1,64}$/;
const URL_RE = /^wss?:\/\/[A-Za-z0-9._~:/?#[\]@!$&'()*+,;=%-]{1,248}$/;
const TYPES = new Set(['hello', 'auth', 'error', 'join', 'joined', 'leave', 'route', 'route-ok', 'route-none', 'members',
  'members-ok', 'signal', 'bcast', 'ihave', 'graft', 'prune', 'dht-find', 'dht-nodes', 'dht-get', 'dht-vals', 'dht-put', 'dht-ok']);
const FIELDS = ['type', 'id', 're', 'from', 'to', 'ttl', 'group', 'body', 'sig'];
const NONCE = /^[A-Za-z0-9_-]{22}$/;
const SIG = /^[A-Za-z0-9_-]{86}$/;
const KEY = /^[0-9a-f]{64}$/;
const KINDS = new Set(['node', 'browser', 'client']);

/** A broken overlay rule, with a stable code. */
export class OverlayError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'OverlayError';
    this.code = code;
  }
}

/** A peer id: key-derived (issue 5), base32 of a 32-byte Ed25519 public key. */
export const isValidId = (s) => typeof s === 'string' && ID.test(s) && isPeerId(s);
export const isValidGroup = (s) => typeof s === 'string' && GROUP.test(s);
export const isValidTerm = (s) => typeof s === 'string' && TERM.test(s);
export const isValidUrl = (s) => typeof s === 'string' && s.length <= C.MAX_URL_LENGTH && URL_RE.test(s);

const invalid = (m) => new OverlayError('INVALID_MESSAGE', m);

function depth(v, d = 0) {
  if (d > C.MAX_DEPTH) return d;
  if (v === null || typeof v !== 'object') return d;
  let max = d + 1;
  for (const k in v) {
    const x = depth(v[k], d + 1);
    if (x > max) max = x;
    if (max > C.MAX_DEPTH) break;
  }
  return max;
}

function str(o, name, required) {
  const v = o[name];
  if (v === undefined || v === null) {
    if (required) throw invalid(`${name} is required`);
    return null;
  }
  if (typeof v !== 'string') throw invalid(`${name} must be a string`);
  return v;
}

export function checkPeer(p, where) {
  if (!p || typeof p !== 'object' || Array.isArray(p)) throw invalid(`${where} must be a peer object {id, kind, url?}`);
  if (!isValidId(p.id)) throw new OverlayError('INVALID_ID', `${where}.id must be a key-derived id (base32 of an Ed25519 key)`);
  if (!KINDS.has(p.kind)) throw invalid(`${where}.kind must be node, browser or client`);
  if (p.url != null && !isValidUrl(p.url)) throw invalid(`${where}.url must be a ws:// or wss:// URL`);
}

/**
 * Parses one overlay message. Throws OverlayError (INVALID_JSON, INVALID_MESSAGE, INVALID_ID, UNKNOWN_TYPE,
 * MESSAGE_TOO_LARGE) and nothing else.
 * @param {unknown} text
 */
export function decode(text) {
  if (typeof text !== 'string') throw new OverlayError('UNSUPPORTED_FRAME', 'overlay messages are JSON text');
  if (text.length > C.MAX_MESSAGE_BYTES || new TextEncoder().encode(text).length > C.MAX_MESSAGE_BYTES) {
    throw new OverlayError('MESSAGE_TOO_LARGE', `an overlay message may be at most ${C.MAX_MESSAGE_BYTES} bytes`);
  }
  let e;
  try {
    e = JSON.parse(text);
  } catch {
    throw new OverlayError('INVALID_JSON', 'the message is not valid JSON');
  }
  if (!e || typeof e !== 'object' || Array.isArray(e)) throw new OverlayError('INVALID_JSON', 'the message is not a JSON object');
  // Unknown top-level fields are ignored: dropped here, so signatures cover exactly what is forwarded.
  const known = {};
  for (const f of FIELDS) if (e[f] !== undefined) known[f] = e[f];
  e = known;
  if (depth(e) > C.MAX_DEPTH) throw invalid(`JSON nested deeper than ${C.MAX_DEPTH}`);
  const type = str(e, 'type', true);
  if (!TYPES.has(type)) throw new OverlayError('UNKNOWN_TYPE', `unknown overlay message type: ${type.slice(0, 32)}`);
  for (const f of ['id', 're']) {
    const v = str(e, f, false);
    if (v !== null && !MSG_ID.test(v)) throw invalid(`${f} must be 1-32 of [A-Za-z0-9_-]`);
  }
  for (const f of ['from', 'to']) {
    const v = str(e, f, false);
    if (v !== null && !isValidId(v)) throw new OverlayError('INVALID_ID', `${f} must be a key-derived peer id (52 of [a-z2-7])`);
  }
  if (e.ttl !== undefined && (!Number.isInteger(e.ttl) || e.ttl < 0 || e.ttl > C.SIGNAL_TTL)) throw invalid(`ttl must be an integer 0-${C.SIGNAL_TTL}`);
  const group = str(e, 'group', false);
  if (group !== null && !isValidGroup(group)) throw invalid('group must be "/" or 1-64 of [A-Za-z0-9_.:-] starting with a letter or digit');
  if (e.body !== undefined && (e.body === null || typeof e.body !== 'object' || Array.isArray(e.body))) throw invalid('body must be an object');
  const sig = str(e, 'sig', false);
  if (sig !== null && !SIG.test(sig)) throw invalid('sig must be 86 base64url characters (an Ed25519 signature)');
  rules(e);
  return e;
}

function need(ok, rule) {
  if (!ok) throw invalid(rule);
}

function rules(e) {
  const b = e.body;
  const hasTtl = Number.isInteger(e.ttl);
  switch (e.type) {
    case 'hello':
      need(b, 'hello needs a body {id, kind, url?, nodes?}');
      checkPeer(b, 'body');
      need(typeof b.nonce === 'string' && NONCE.test(b.nonce), 'hello needs body.nonce: 22 base64url characters (16 random bytes)');
      if (b.nodes !== undefined) {
        need(Array.isArray(b.nodes) && b.nodes.length <= C.MAX_KNOWN_NODES && b.nodes.every(isValidUrl),
          `body.nodes must be an array of at most ${C.MAX_KNOWN_NODES} ws:// URLs`);
      }
      break;
    case 'auth':
      need(b && typeof b.sig === 'string' && SIG.test(b.sig), 'auth needs body.sig: 86 base64url characters');
      break;
    case 'error':
      need(b && typeof b.code === 'string' && b.code.length <= 64, 'error needs body.code');
      break;
    case 'ihave': case 'graft':
      need(e.group && e.group !== C.ROOT, `${e.type} needs a group other than "/"`);
      need(b && Array.isArray(b.ids) && b.ids.length >= 1 && b.ids.length <= C.MAX_IHAVE_IDS
        && b.ids.every((x) => typeof x === 'string' && MSG_ID.test(x)), `${e.type} needs body.ids: 1-${C.MAX_IHAVE_IDS} message ids`);
      break;
    case 'prune':
      need(e.group && e.group !== C.ROOT, 'prune needs a group other than "/"');
      break;
    case 'dht-find': case 'dht-get':
      need(e.id && b && typeof b.key === 'string' && KEY.test(b.key), `${e.type} needs an id and body.key: 64 hex digits`);
      need(b.lookup === undefined || typeof b.lookup === 'boolean', 'body.lookup must be a boolean');
      break;
    case 'dht-put':
      need(e.id && b && typeof b.key === 'string' && KEY.test(b.key), 'dht-put needs an id and body.key: 64 hex digits');
      need(b.lookup === undefined || typeof b.lookup === 'boolean', 'body.lookup must be a boolean');
      checkRecord(b.rec, 'body.rec');
      break;
    case 'dht-nodes':
      need(e.re && b && Array.isArray(b.peers) && b.peers.length <= C.DHT_K, `dht-nodes needs re and body.peers (at most ${C.DHT_K})`);
      b.peers.forEach((p) => checkNodeRef(p, 'body.peers[]'));
      break;
    case 'dht-vals':
      need(e.re && b, 'dht-vals needs re and a body');
      need(b.recs === undefined || (Array.isArray(b.recs) && b.recs.length <= C.DHT_MAX_RECORDS), `body.recs: at most ${C.DHT_MAX_RECORDS}`);
      need(b.peers === undefined || (Array.isArray(b.peers) && b.peers.length <= C.DHT_K), `body.peers: at most ${C.DHT_K}`);
      (b.recs ?? []).forEach((r) => checkRecord(r, 'body.recs[]'));
      (b.peers ?? []).forEach((p) => checkNodeRef(p, 'body.peers[]'));
      break;
    case 'dht-ok':
      need(e.re, 'dht-ok needs re');
      break;
    case 'join': case 'leave': case 'members':
      need(e.group && e.group !== C.ROOT, `${e.type} needs a group other than "/"`);
      need(e.type === 'leave' || e.id, `${e.type} needs an id`);
      break;
    case 'joined': case 'route-none':
      need(e.re, `${e.type} needs re`);
      break;
    case 'route': {
      need(e.id && hasTtl && e.ttl <= C.ROUTE_TTL, `route needs an id and a ttl of 0-${C.ROUTE_TTL}`);
      need(e.group === C.ROOT, 'route travels in group "/"');
      const g = b && isValidGroup(b.group) && b.group !== C.ROOT;
      const p = b && isValidId(b.peer);
      need(!!g !== !!p, 'route needs body.group (a group to find) or body.peer (a peer id), not both');
      break;
    }
    case 'route-ok':
      need(e.re && b && Array.isArray(b.route) && b.route.length >= 1 && b.route.length <= C.ROUTE_TTL + 1,
        `route-ok needs re and body.route of 1-${C.ROUTE_TTL + 1} peers`);
      b.route.forEach((p) => checkPeer(p, 'body.route[]'));
      break;
    case 'members-ok':
      need(e.re && b && Array.isArray(b.peers) && b.peers.length <= C.MAX_MEMBERS, 'members-ok needs re and body.peers');
      b.peers.forEach((p) => checkPeer(p, 'body.peers[]'));
      break;
    case 'signal':
      need(e.id && e.from && e.to && hasTtl, 'signal needs id, from, to and ttl');
      need(b && typeof b.kind === 'string' && b.kind.length <= 32, 'signal needs body.kind');
      need(Array.isArray(b.route) && b.route.length >= 1 && b.route.length <= C.SIGNAL_TTL, `body.route must list 1-${C.SIGNAL_TTL} peer ids`);
      if (!b.route.every(isValidId)) throw new OverlayError('INVALID_ID', 'body.route must hold peer ids');
      break;
    case 'bcast':
      need(e.id && e.from && e.group, 'bcast needs id, from and group');
      need(b && isValidTerm(b.term), 'bcast needs body.term: 1-64 of [A-Za-z0-9_.:/-]');
      break;
  }
}

/** {id, url}: a DHT member (a node) and where to dial it. */
export function checkNodeRef(p, where) {
  if (!p || typeof p !== 'object' || Array.isArray(p)) throw invalid(`${where} must be {id, url}`);
  if (!isValidId(p.id)) throw new OverlayError('INVALID_ID', `${where}.id must be a key-derived peer id`);
  if (!isValidUrl(p.url)) throw invalid(`${where}.url must be a ws:// or wss:// URL`);
}

/** A group membership record (docs/overlay.md, "DHT"); its signature is checked by whoever uses it. */
export function checkRecord(r, where) {
  if (!r || typeof r !== 'object' || Array.isArray(r)) throw new OverlayError('DHT_RECORD_INVALID', `${where} must be a record object`);
  const bad = (m) => new OverlayError('DHT_RECORD_INVALID', `${where}: ${m}`);
  if (!isValidId(r.peer)) throw new OverlayError('INVALID_ID', `${where}.peer must be a key-derived peer id`);
  if (!KINDS.has(r.kind)) throw bad('kind must be node, browser or client');
  if (r.url !== undefined && !isValidUrl(r.url)) throw bad('url must be a ws:// or wss:// URL');
  if (!isValidGroup(r.group) || r.group === C.ROOT) throw bad('group must be a group name other than "/"');
  if (!Number.isSafeInteger(r.exp) || r.exp < 0) throw bad('exp must be a time in unix milliseconds');
  if (typeof r.sig !== 'string' || !SIG.test(r.sig)) throw bad('sig must be 86 base64url characters');
  if (r.via !== undefined) {
    if (!Array.isArray(r.via) || r.via.length > C.DHT_MAX_VIA) throw bad(`via lists at most ${C.DHT_MAX_VIA} nodes`);
    r.via.forEach((p) => checkNodeRef(p, `${where}.via[]`));
  }
  for (const k of Object.keys(r)) {
    if (!['peer', 'kind', 'url', 'via', 'group', 'exp', 'sig'].includes(k)) throw bad(`unknown field ${k.slice(0, 32)}`);
  }
}

/** Writes a message; fields in the canonical order, absent ones left out. */
export function encode(e) {
  const o = { type: e.type };
  for (const f of ['id', 're', 'from', 'to', 'ttl', 'group', 'body', 'sig']) {
    if (e[f] !== undefined && e[f] !== null) o[f] = e[f];
  }
  return JSON.stringify(o);
}
