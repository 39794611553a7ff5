// The arena's messages on the socket API (weft.js `sockets`), JSON in UDP-style datagrams to GAME_PORT of
// the hosting peer. Unreliable: input (client → host, 30 Hz), snap (host → client, 20 Hz), ping/pong.
// Reliable (MSG_RELIABLE): hello/welcome (join), roster (names), bye (leave).
//
// Reliable also: roster (with scores, on every join, leave and point) and round (limits, result).
//
//   {t:'hello', name}                    → {t:'welcome', id, map, mode}
//   {t:'input', s: seq, l, r, j}          (0/1 flags)
//   {t:'snap', k: tick, p: [[id, x, y], ...], st: [[x, y], ...] stars out}
//   {t:'roster', players: [{id, name, color, score}]}
//   {t:'round', n, over, winner: name|null, reason: 'score'|'time'|null, left: ms|null, scoreLimit, timeLimit}
//   {t:'bye'}
//   {t:'ping', n} → {t:'pong', n}        (any peer, e.g. the lobby page measuring latency)

/** The host's port, as Teeworlds' default server port. */
export const GAME_PORT = 8303;
export const SNAPSHOT_HZ = 20;
/** A client silent for this long is dropped. */
export const CLIENT_TIMEOUT_MS = 3000;
const MAX_NAME = 24;

const enc = new TextEncoder();
const dec = new TextDecoder();

/** @param {object} m */
export function encode(m) {
  return enc.encode(JSON.stringify(m));
}

/** @param {Uint8Array} data @returns {any|null} a message object, or null for anything malformed */
export function decode(data) {
  try {
    const m = JSON.parse(dec.decode(data));
    return m && typeof m === 'object' && typeof m.t === 'string' ? m : null;
  } catch {
    return null;
  }
}

/** A player name as the host accepts it: trimmed, no control characters, 1-24 characters. */
export function cleanName(name) {
  const s = String(name ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, MAX_NAME);
  return s || 'player';
}
