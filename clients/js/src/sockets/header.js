// The datagram framing of seed 004 (Cheerpnet): every port of a peer pair travels on one DataChannel, each
// message prefixed with a 4-byte header [srcPort u16 big-endian][dstPort u16 big-endian]
// (/work/shared/reference/seed-systems.md §1.6). Pure functions, no I/O.

export const HEADER_BYTES = 4;

/**
 * A message ready for the channel: header then payload, in one new buffer.
 * @param {number} srcPort @param {number} dstPort @param {Uint8Array} payload
 * @returns {Uint8Array}
 */
export function frame(srcPort, dstPort, payload) {
  const out = new Uint8Array(HEADER_BYTES + payload.byteLength);
  writeHeader(out, srcPort, dstPort);
  out.set(payload, HEADER_BYTES);
  return out;
}

/**
 * Splits a received message; null when it is too short to carry a header (dropped and counted).
 * The payload is a view on the received buffer, not a copy. (The stack's receive path does the same inline
 * with srcPortOf/dstPortOf, without this object: it runs per datagram.)
 * @param {ArrayBuffer|Uint8Array} message
 * @returns {{srcPort: number, dstPort: number, payload: Uint8Array} | null}
 */
export function unframe(message) {
  const bytes = message instanceof Uint8Array ? message : new Uint8Array(message);
  if (bytes.byteLength < HEADER_BYTES) return null;
  return { srcPort: srcPortOf(bytes), dstPort: dstPortOf(bytes), payload: bytes.subarray(HEADER_BYTES) };
}

/** The source port of a framed message (at least HEADER_BYTES long). @param {Uint8Array} bytes */
export function srcPortOf(bytes) {
  return (bytes[0] << 8) | bytes[1];
}

/** The destination port of a framed message (at least HEADER_BYTES long). @param {Uint8Array} bytes */
export function dstPortOf(bytes) {
  return (bytes[2] << 8) | bytes[3];
}

/**
 * Writes the header into the first HEADER_BYTES of `out` (the payload is written by the caller).
 * @param {Uint8Array} out @param {number} srcPort @param {number} dstPort
 */
export function writeHeader(out, srcPort, dstPort) {
  out[0] = srcPort >>> 8;
  out[1] = srcPort & 0xff;
  out[2] = dstPort >>> 8;
  out[3] = dstPort & 0xff;
}
