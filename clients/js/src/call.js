import { Emitter } from './emitter.js';

/**
 * A media call with a remote peer over the shared link. The caller gets it from `peer.call(...)`, the callee
 * from the `call` event and answers with `call.answer(stream)`. Both sides get `stream` with the remote
 * MediaStream; `hangup()` ends it for both.
 *
 * Events: `stream` (MediaStream), `close`, `error`.
 */
export class Call extends Emitter {
  /**
   * @param {{id: string, peer: string, metadata?: unknown, link: any, outgoing: boolean,
   *          localStream?: MediaStream|null, remoteStreamId?: string|null}} o
   */
  constructor(o) {
    super();
    this.id = o.id;
    /** @type {string} remote peer id */
    this.peer = o.peer;
    this.metadata = o.metadata;
    this.outgoing = o.outgoing;
    /** @type {MediaStream|null} */
    this.localStream = o.localStream ?? null;
    /** @type {MediaStream|null} */
    this.remoteStream = null;
    this.remoteStreamId = o.remoteStreamId ?? null;
    this.answered = o.outgoing;
    this.closed = false;
    this._link = o.link;
    /** @type {RTCRtpSender[]} */
    this._senders = [];
    this._pendingStream = null;
  }

  /** Adds the local stream's tracks to the link (renegotiates). */
  _addStream(stream) {
    if (!stream) return;
    this.localStream = stream;
    for (const track of stream.getTracks()) this._senders.push(this._link.pc.addTrack(track, stream));
  }

  /**
   * Callee: accept the call, sending `stream` (or nothing, to only receive).
   * @param {MediaStream} [stream]
   */
  answer(stream) {
    if (this.closed || this.outgoing || this.answered) return;
    this.answered = true;
    this._addStream(stream);
    this._link.signal({ kind: 'call-answer', callId: this.id, streamId: stream?.id ?? null });
    if (this._pendingStream) this._deliver(this._pendingStream);
  }

  /** A remote stream for this call arrived (the link routes it by stream id). */
  _remote(stream) {
    if (!this.answered) {
      this._pendingStream = stream;
      return;
    }
    this._deliver(stream);
  }

  _deliver(stream) {
    if (this.remoteStream === stream || this.closed) return;
    this.remoteStream = stream;
    this.emit('stream', stream);
  }

  /** Ends the call for both sides. */
  hangup() {
    if (this.closed) return;
    this._link.signal({ kind: 'hangup', callId: this.id });
    this._end();
  }

  /** Local teardown: stop sending this call's tracks and emit `close`. */
  _end() {
    if (this.closed) return;
    this.closed = true;
    if (!this._link.closed) {
      for (const s of this._senders) {
        try {
          this._link.pc.removeTrack(s);
        } catch {
          /* link closing */
        }
      }
    }
    this._senders = [];
    this.emit('close');
  }
}
