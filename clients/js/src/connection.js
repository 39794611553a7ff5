import { Emitter } from './emitter.js';
import { ErrorCodes, WeftError } from './errors.js';

/** Start waiting when this much is buffered in the channel; resume below the low mark. */
export const HIGH_WATER_MARK = 1024 * 1024;
export const LOW_WATER_MARK = 256 * 1024;

/**
 * A DataChannel to a remote peer. `send` queues and respects backpressure: while the channel's buffer is
 * over HIGH_WATER_MARK it waits for `bufferedamountlow`, so a fast sender never overruns the browser's
 * send queue. Strings arrive as strings; ArrayBuffer and typed arrays arrive as ArrayBuffer.
 *
 * Events: `open`, `data` (string | ArrayBuffer), `close`, `error` (WeftError).
 */
export class Connection extends Emitter {
  /**
   * @param {{peer: string, channel: RTCDataChannel, metadata?: unknown, reliable: boolean, link: any}} o
   */
  constructor(o) {
    super();
    /** @type {string} remote peer id */
    this.peer = o.peer;
    /** @type {unknown} */
    this.metadata = o.metadata;
    this.label = o.channel.label;
    this.reliable = o.reliable;
    this.channel = o.channel;
    this._link = o.link;
    /** @type {{data: any, resolve: Function, reject: Function}[]} */
    this._queue = [];
    this._pumping = false;
    this.closed = false;
    const ch = o.channel;
    ch.binaryType = 'arraybuffer';
    ch.bufferedAmountLowThreshold = LOW_WATER_MARK;
    ch.onopen = () => this.emit('open');
    ch.onmessage = (ev) => this.emit('data', ev.data);
    ch.onbufferedamountlow = () => this._pump();
    ch.onclose = () => this._onClose();
    ch.onerror = (ev) => {
      const detail = ev?.error?.message ?? 'channel error';
      if (!this.closed) this.emit('error', new WeftError(ErrorCodes.CONNECTION_CLOSED, detail, { peer: this.peer }));
    };
  }

  /** Whether the channel is open. */
  get open() {
    return this.channel.readyState === 'open';
  }

  /** Bytes accepted by `send` but not yet handed to the network. */
  get bufferedAmount() {
    let queued = 0;
    for (const item of this._queue) queued += byteLength(item.data);
    return queued + this.channel.bufferedAmount;
  }

  /**
   * Sends a string, ArrayBuffer or typed array. Resolves once the data is in the channel's buffer.
   * Rejects with MESSAGE_TOO_LARGE over the channel's max message size, CONNECTION_CLOSED once closed,
   * INVALID_ARGUMENT for other types.
   * @param {string|ArrayBuffer|ArrayBufferView} data
   * @returns {Promise<void>}
   */
  send(data) {
    if (this.closed || this.channel.readyState === 'closing' || this.channel.readyState === 'closed') {
      return Promise.reject(new WeftError(ErrorCodes.CONNECTION_CLOSED, 'the connection is closed', { peer: this.peer }));
    }
    if (!(typeof data === 'string' || data instanceof ArrayBuffer || ArrayBuffer.isView(data))) {
      return Promise.reject(new WeftError(ErrorCodes.INVALID_ARGUMENT, 'send takes a string, ArrayBuffer or typed array'));
    }
    const max = this._link?.pc?.sctp?.maxMessageSize;
    if (max && max > 0 && byteLength(data) > max) {
      return Promise.reject(new WeftError(ErrorCodes.MESSAGE_TOO_LARGE,
        `a message may be at most ${max} bytes on this connection; split it`));
    }
    return new Promise((resolve, reject) => {
      this._queue.push({ data, resolve, reject });
      this._pump();
    });
  }

  _pump() {
    const ch = this.channel;
    while (this._queue.length > 0 && ch.readyState === 'open' && ch.bufferedAmount <= HIGH_WATER_MARK) {
      const item = this._queue.shift();
      try {
        ch.send(item.data);
        item.resolve();
      } catch (e) {
        item.reject(new WeftError(ErrorCodes.CONNECTION_CLOSED, `send failed: ${e?.message ?? e}`, { cause: e, peer: this.peer }));
      }
    }
  }

  /** Closes this channel (the other side gets `close`). */
  close() {
    if (this.closed) return;
    try {
      this.channel.close();
    } catch {
      /* already closed */
    }
    this._onClose();
  }

  _onClose() {
    if (this.closed) return;
    this.closed = true;
    const err = new WeftError(ErrorCodes.CONNECTION_CLOSED, 'the connection closed before the data was sent', { peer: this.peer });
    for (const item of this._queue.splice(0)) item.reject(err);
    this.emit('close');
  }
}

function byteLength(data) {
  if (typeof data === 'string') return new TextEncoder().encode(data).byteLength;
  return data.byteLength;
}
