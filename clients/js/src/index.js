// weft.js: the public API. Served by every Weft node at /weft.js.
export { Peer } from './peer.js';
export { Connection, HIGH_WATER_MARK, LOW_WATER_MARK } from './connection.js';
export { Call } from './call.js';
export { WeftError, ErrorCodes } from './errors.js';
export { Emitter } from './emitter.js';
export { SignalingClient } from './signaling.js';
export { loopbackOnly, parseCandidate } from './ice.js';
export * as protocol from './protocol.js';
export const VERSION = '0.1.0';
export * as sockets from './sockets/index.js';
export { Lobby, PublishedEntry } from './lobby/lobby.js';
export { FileSender, FileReceiver, Transfer, FILES_LABEL, opfsSink, writableSink, memorySink, fileHandleSink, portSink, discardSink, fsError, Sha256, sha256Blob } from './transfer/index.js';
export * as transferFrames from './transfer/frames.js';
export { Network, Group } from './network.js';
