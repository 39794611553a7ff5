// File transfer over weft.js Connections (docs/protocol.md, "File transfer").
export { FileSender, ReceiverSession } from './sender.js';
export { FileReceiver } from './receiver.js';
export { Transfer } from './transfer.js';
export { FILES_LABEL } from './frames.js';
export { CHUNK_SIZE, LOW_WATER, HIGH_WATER } from './flow.js';
export { opfsSink, writableSink, memorySink, fileHandleSink, portSink, discardSink, fsError } from './sinks.js';
export { Sha256, sha256Blob } from './sha256.js';
