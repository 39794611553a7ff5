// The file-transfer framing of weft.js (docs/protocol.md, "File transfer"). Pure: builds and parses
// messages, checks every field, does no I/O. Control messages are JSON text; file data is binary.

import { ErrorCodes, WeftError } from '../errors.js';

/** The DataChannel label a file receiver opens to a sender. */
export const FILES_LABEL = 'weft-files';
export const VERSION = 1;
/** Binary chunk header: kind (1 byte) = CHUNK_KIND, 3 zero bytes, file id (u32 BE), offset (u64 BE). */
export const CHUNK_HEADER = 16;
export const CHUNK_KIND = 1;
/** Limits on what a peer may send. */
export const MAX_FILES = 1000;
export const MAX_NAME = 255;
export const MAX_TYPE = 255;
export const MAX_SIZE = Number.MAX_SAFE_INTEGER;
export const MAX_CONTROL_BYTES = 256 * 1024;
/** The receiver acknowledges bytes on disk every this many bytes (and at the end), not per chunk. */
export const ACK_EVERY = 4 * 1024 * 1024;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const CODE = /^[A-Z_]{1,40}$/;

/**
 * @typedef {{id: number, name: string, size: number, type: string, sha256: string|null}} FileInfo
 * @typedef {{t: 'manifest', v: number, files: FileInfo[]}
 *   | {t: 'get', id: number, offset: number}
 *   | {t: 'ack', id: number, bytes: number, verified?: boolean}
 *   | {t: 'end', id: number, size: number, sha256: string}
 *   | {t: 'cancel'}
 *   | {t: 'error', code: string, message: string, id?: number}} Control
 */

export const manifest = (files) => ({ t: 'manifest', v: VERSION, files });
export const get = (id, offset) => ({ t: 'get', id, offset });
export const ack = (id, bytes, verified) => (verified === undefined ? { t: 'ack', id, bytes } : { t: 'ack', id, bytes, verified });
export const end = (id, size, sha256) => ({ t: 'end', id, size, sha256 });
export const cancel = () => ({ t: 'cancel' });
export const error = (code, message, id) => (id === undefined ? { t: 'error', code, message } : { t: 'error', code, message, id });

/**
 * A chunk message: header + payload (copied once into one buffer). With `into` (a buffer of at least
 * CHUNK_HEADER + payload.length bytes, e.g. reused for every chunk: RTCDataChannel.send copies what it is
 * given), the message is written there and a view of it is returned; else into a new buffer.
 * @param {number} id @param {number} offset @param {Uint8Array} payload @param {Uint8Array} [into]
 * @returns {Uint8Array}
 */
export function encodeChunk(id, offset, payload, into) {
  const out = into ? into.subarray(0, CHUNK_HEADER + payload.length) : new Uint8Array(CHUNK_HEADER + payload.length);
  const v = new DataView(out.buffer, out.byteOffset, CHUNK_HEADER);
  out[1] = out[2] = out[3] = 0;
  v.setUint8(0, CHUNK_KIND);
  v.setUint32(4, id);
  v.setUint32(8, Math.floor(offset / 0x100000000));
  v.setUint32(12, offset >>> 0);
  out.set(payload, CHUNK_HEADER);
  return out;
}

/**
 * @param {ArrayBuffer} buf
 * @returns {{id: number, offset: number, payload: Uint8Array}}
 * @throws {WeftError} INVALID_FRAME
 */
export function decodeChunk(buf) {
  if (!(buf instanceof ArrayBuffer) || buf.byteLength < CHUNK_HEADER) bad('a chunk is at least 16 bytes');
  const v = new DataView(buf);
  if (v.getUint8(0) !== CHUNK_KIND || v.getUint8(1) || v.getUint8(2) || v.getUint8(3)) bad('unknown binary frame kind');
  const hi = v.getUint32(8);
  if (hi > 0x1fffff) bad('chunk offset over 2^53');
  return { id: v.getUint32(4), offset: hi * 0x100000000 + v.getUint32(12), payload: new Uint8Array(buf, CHUNK_HEADER) };
}

/**
 * Parses and checks a control message.
 * @param {string} text
 * @returns {Control}
 * @throws {WeftError} INVALID_FRAME
 */
export function parseControl(text) {
  if (typeof text !== 'string' || text.length > MAX_CONTROL_BYTES) bad('a control message is a JSON string of at most 256 KiB');
  let m;
  try {
    m = JSON.parse(text);
  } catch {
    bad('a control message must be JSON');
  }
  if (!m || typeof m !== 'object' || Array.isArray(m)) bad('a control message is a JSON object');
  switch (m.t) {
    case 'manifest':
      if (m.v !== VERSION) bad(`unsupported transfer protocol version ${m.v}; this client speaks ${VERSION}`);
      if (!Array.isArray(m.files) || m.files.length > MAX_FILES) bad(`files must be an array of at most ${MAX_FILES}`);
      return { t: 'manifest', v: m.v, files: m.files.map(fileInfo) };
    case 'get':
      return { t: 'get', id: fileId(m.id), offset: count(m.offset, 'offset') };
    case 'ack': {
      const out = { t: 'ack', id: fileId(m.id), bytes: count(m.bytes, 'bytes') };
      if (m.verified !== undefined) {
        if (typeof m.verified !== 'boolean') bad('verified must be a boolean');
        out.verified = m.verified;
      }
      return out;
    }
    case 'end':
      return { t: 'end', id: fileId(m.id), size: count(m.size, 'size'), sha256: sha(m.sha256) };
    case 'cancel':
      return { t: 'cancel' };
    case 'error': {
      if (typeof m.code !== 'string' || !CODE.test(m.code)) bad('error.code must be an error code');
      const out = { t: 'error', code: m.code, message: typeof m.message === 'string' ? m.message.slice(0, 500) : '' };
      if (m.id !== undefined) out.id = fileId(m.id);
      return out;
    }
    default:
      bad(`unknown control message type ${JSON.stringify(String(m.t)).slice(0, 40)}`);
  }
}

/** @returns {FileInfo} */
function fileInfo(f) {
  if (!f || typeof f !== 'object') bad('a file entry is an object');
  if (typeof f.name !== 'string' || f.name.length === 0 || f.name.length > MAX_NAME) bad(`a file name is 1-${MAX_NAME} characters`);
  if (typeof f.type !== 'string' || f.type.length > MAX_TYPE) bad(`a file type is a string of at most ${MAX_TYPE} characters`);
  return { id: fileId(f.id), name: f.name, size: count(f.size, 'size'), type: f.type, sha256: f.sha256 == null ? null : sha(f.sha256) };
}

function fileId(x) {
  if (!Number.isInteger(x) || x < 0 || x > 0xffffffff) bad('a file id is an integer 0..2^32-1');
  return x;
}

function count(x, what) {
  if (!Number.isInteger(x) || x < 0 || x > MAX_SIZE) bad(`${what} must be a non-negative integer`);
  return x;
}

function sha(x) {
  if (typeof x !== 'string' || !SHA256_HEX.test(x)) bad('sha256 is 64 lowercase hex characters');
  return x;
}

/** The one place a broken framing rule becomes an error. */
function bad(rule) {
  throw new WeftError(ErrorCodes.INVALID_FRAME, `file transfer: ${rule}`);
}
