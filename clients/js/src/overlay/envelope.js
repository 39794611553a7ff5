// Overlay messages: parsing with every field checked (never throws anything but OverlayError), and writing.
// The same rules as weft-overlay's EnvelopeCodec/MessageRules (docs/overlay.md, "Messages").
import * as C from './constants.js';

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const MSG_ID = /^[A-Za-z0-9_-]{1,32}$/;
const GROUP = /^(\/|[A-Za-z0-9][A-Za-z0-9_.:-]{0,63})$/;
const TERM = /^[A-Za-z0-9_.:/-]{1,64}$/;
const URL_RE = /^wss?:\/\/[A-Za-z0-9._~:/?#[\]@!$&'()*+,;=%-]{1,248}$/;
const TYPES = new Set(['hello', 'error', 'join', 'joined', 'leave', 'route', 'route-ok', 'route-none', 'members',
  'members-ok', 'signal', 'bcast']);
const KINDS = new Set(['node', 'browser', 'client']);

/** A broken overlay rule, with a stable code. */
export class OverlayError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'OverlayError';
    this.code = code;
  }
}

export const isValidId = (s) => typeof s === 'string' && ID.test(s);
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
  if (!isValidId(p.id)) throw new OverlayError('INVALID_ID', `${where}.id breaks the id rules`);
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
  if (depth(e) > C.MAX_DEPTH) throw invalid(`JSON nested deeper than ${C.MAX_DEPTH}`);
  const type = str(e, 'type', true);
  if (!TYPES.has(type)) throw new OverlayError('UNKNOWN_TYPE', `unknown overlay message type: ${type.slice(0, 32)}`);
  for (const f of ['id', 're']) {
    const v = str(e, f, false);
    if (v !== null && !MSG_ID.test(v)) throw invalid(`${f} must be 1-32 of [A-Za-z0-9_-]`);
  }
  for (const f of ['from', 'to']) {
    const v = str(e, f, false);
    if (v !== null && !isValidId(v)) throw new OverlayError('INVALID_ID', `${f} must be 1-64 of [A-Za-z0-9_-] starting with a letter or digit`);
  }
  if (e.ttl !== undefined && (!Number.isInteger(e.ttl) || e.ttl < 0 || e.ttl > C.SIGNAL_TTL)) throw invalid(`ttl must be an integer 0-${C.SIGNAL_TTL}`);
  const group = str(e, 'group', false);
  if (group !== null && !isValidGroup(group)) throw invalid('group must be "/" or 1-64 of [A-Za-z0-9_.:-] starting with a letter or digit');
  if (e.body !== undefined && (e.body === null || typeof e.body !== 'object' || Array.isArray(e.body))) throw invalid('body must be an object');
  const sig = str(e, 'sig', false);
  if (sig !== null && sig.length > 512) throw invalid('sig may be at most 512 characters');
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
      if (b.nodes !== undefined) {
        need(Array.isArray(b.nodes) && b.nodes.length <= C.MAX_KNOWN_NODES && b.nodes.every(isValidUrl),
          `body.nodes must be an array of at most ${C.MAX_KNOWN_NODES} ws:// URLs`);
      }
      break;
    case 'error':
      need(b && typeof b.code === 'string', 'error needs body.code');
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

/** Writes a message; fields in the canonical order, absent ones left out. */
export function encode(e) {
  const o = { type: e.type };
  for (const f of ['id', 're', 'from', 'to', 'ttl', 'group', 'body', 'sig']) {
    if (e[f] !== undefined && e[f] !== null) o[f] = e[f];
  }
  return JSON.stringify(o);
}
