// Stable error codes. 'node' codes come from the node (docs/protocol.md); the others are raised by weft.js.
// spec/error-codes.json is the source of truth; test/errors.test.js keeps this list equal to it.

/** @typedef {keyof typeof ErrorCodes} ErrorCode */

export const ErrorCodes = Object.freeze({
  // Sent by the node.
  INVALID_JSON: 'INVALID_JSON',
  INVALID_MESSAGE: 'INVALID_MESSAGE',
  UNKNOWN_TYPE: 'UNKNOWN_TYPE',
  UNSUPPORTED_FRAME: 'UNSUPPORTED_FRAME',
  INVALID_ID: 'INVALID_ID',
  INVALID_TOKEN: 'INVALID_TOKEN',
  ID_TAKEN: 'ID_TAKEN',
  NOT_REGISTERED: 'NOT_REGISTERED',
  ALREADY_REGISTERED: 'ALREADY_REGISTERED',
  PEER_UNAVAILABLE: 'PEER_UNAVAILABLE',
  RATE_LIMITED: 'RATE_LIMITED',
  MESSAGE_TOO_LARGE: 'MESSAGE_TOO_LARGE',
  REGISTER_TIMEOUT: 'REGISTER_TIMEOUT',
  HEARTBEAT_TIMEOUT: 'HEARTBEAT_TIMEOUT',
  REPLACED: 'REPLACED',
  SERVER_FULL: 'SERVER_FULL',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  CLUSTER_UNAVAILABLE: 'CLUSTER_UNAVAILABLE',
  LOBBY_LIMIT: 'LOBBY_LIMIT',
  LOBBY_NOT_FOUND: 'LOBBY_NOT_FOUND',
  LOBBY_NOT_OWNER: 'LOBBY_NOT_OWNER',
  // Sent by overlay peers (docs/overlay.md).
  HELLO_REQUIRED: 'HELLO_REQUIRED',
  OVERLAY_FULL: 'OVERLAY_FULL',
  DUPLICATE_LINK: 'DUPLICATE_LINK',
  GROUP_FULL: 'GROUP_FULL',
  NO_ROUTE: 'NO_ROUTE',
  ROUTE_BROKEN: 'ROUTE_BROKEN',
  NOT_IN_GROUP: 'NOT_IN_GROUP',
  LINK_REFUSED: 'LINK_REFUSED',
  AUTH_REQUIRED: 'AUTH_REQUIRED',
  AUTH_FAILED: 'AUTH_FAILED',
  BAD_SIGNATURE: 'BAD_SIGNATURE',
  BANNED: 'BANNED',
  DHT_RECORD_INVALID: 'DHT_RECORD_INVALID',
  // Raised by weft.js.
  SERVER_UNREACHABLE: 'SERVER_UNREACHABLE',
  TIMEOUT: 'TIMEOUT',
  ICE_FAILED: 'ICE_FAILED',
  NEGOTIATION_FAILED: 'NEGOTIATION_FAILED',
  CONNECTION_CLOSED: 'CONNECTION_CLOSED',
  PEER_CLOSED: 'PEER_CLOSED',
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  MEDIA_ERROR: 'MEDIA_ERROR',
  // Raised by weft.js's file transfer (docs/protocol.md, "File transfer").
  FILE_NOT_FOUND: 'FILE_NOT_FOUND',
  INTEGRITY_FAILED: 'INTEGRITY_FAILED',
  DISK_FULL: 'DISK_FULL',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  INVALID_FRAME: 'INVALID_FRAME',
  INVALID_LINK: 'INVALID_LINK',
});

/** An error with a stable `code` (see ErrorCodes and clients/js/README.md). */
export class WeftError extends Error {
  /**
   * @param {string} code one of ErrorCodes
   * @param {string} message what happened and what to do
   * @param {{cause?: unknown, peer?: string}} [extra]
   */
  constructor(code, message, extra = {}) {
    super(message);
    this.name = 'WeftError';
    /** @type {string} */
    this.code = code;
    /** @type {string|undefined} the remote peer id this error is about, if any */
    this.peer = extra.peer;
    if (extra.cause !== undefined) this.cause = extra.cause;
  }
}
