import { Emitter } from './emitter.js';
import { ErrorCodes, WeftError } from './errors.js';
import { acceptCandidate, filterSdp } from './ice.js';

const DISCONNECTED_GRACE_MS = 4000;
const MAX_ICE_RESTARTS = 3;

/** A random id for a link incarnation (so a reloaded peer is told apart from its previous self). */
export function randomId(n = 12) {
  const bytes = crypto.getRandomValues(new Uint8Array(n));
  return Array.from(bytes, (b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');
}

/**
 * One RTCPeerConnection to one remote peer, shared by every Connection (DataChannel) and Call (tracks)
 * between the two. Negotiation follows the W3C "perfect negotiation" pattern, so either side may add
 * channels or tracks at any time, even both at once: the peer with the smaller id is polite.
 *
 * Signals travel through the node as {sid, rsid, ...}: `sid` names this link incarnation, `rsid` the remote
 * one it answers. A new remote sid on an offer means the remote started over (reload): the old link is
 * closed and a new one takes the offer. Candidates that arrive before the remote description are buffered.
 *
 * Events: `channel` (RTCDataChannel opened by the remote), `track` (RTCTrackEvent), `signal` (app-level
 * signal payload), `state` (connectionState), `failed` (WeftError), `close`.
 */
export class Link extends Emitter {
  /**
   * @param {{localId: string, remoteId: string, signaling: import('./signaling.js').SignalingClient,
   *          rtcConfig: RTCConfiguration, candidateFilter?: Function, remoteSid?: string}} o
   */
  constructor(o) {
    super();
    this.localId = o.localId;
    this.remoteId = o.remoteId;
    this.sid = randomId();
    /** @type {string|null} */
    this.remoteSid = o.remoteSid ?? null;
    this.polite = o.localId < o.remoteId;
    this._signaling = o.signaling;
    this._filter = o.candidateFilter;
    this.pc = new RTCPeerConnection(o.rtcConfig);
    this.closed = false;
    this.everConnected = false;
    this._makingOffer = false;
    this._ignoreOffer = false;
    this._settingRemoteAnswer = false;
    /** @type {RTCIceCandidateInit[]} */
    this._pendingCandidates = [];
    this._chain = Promise.resolve();
    this._restarts = 0;
    this._disconnectTimer = null;
    this._wire();
  }

  _wire() {
    const pc = this.pc;
    pc.onnegotiationneeded = () => this._enqueue(() => this._offer());
    pc.onicecandidate = ({ candidate }) => {
      if (!candidate || !candidate.candidate) return;
      if (!acceptCandidate(this._filter, candidate.candidate)) return;
      this._send('candidate', { c: candidate.toJSON() });
    };
    pc.ondatachannel = (ev) => this.emit('channel', ev.channel);
    pc.ontrack = (ev) => this.emit('track', ev);
    pc.onconnectionstatechange = () => this._onState();
  }

  /** Sends a relay message tagged with this incarnation. */
  _send(type, body, ref) {
    if (this.closed) return;
    this._signaling.relay(type, this.remoteId, { sid: this.sid, rsid: this.remoteSid, ...body }, ref);
  }

  /** An application-level signal to the remote link (call control etc.). */
  signal(body, ref) {
    this._send('signal', body, ref);
  }

  _enqueue(task) {
    this._chain = this._chain.then(task).catch((e) => {
      if (!this.closed) this._fail(new WeftError(ErrorCodes.NEGOTIATION_FAILED, `negotiation failed: ${e?.message ?? e}`, { cause: e, peer: this.remoteId }));
    });
    return this._chain;
  }

  async _offer() {
    if (this.closed) return;
    try {
      this._makingOffer = true;
      await this.pc.setLocalDescription();
      if (this.pc.localDescription?.type !== 'offer') return;
      this._send('offer', { sdp: filterSdp(this.pc.localDescription.sdp, this._filter) }, `o.${this.sid}`);
    } finally {
      this._makingOffer = false;
    }
  }

  /**
   * Handles a relayed message of type offer/answer/candidate/signal whose payload passed the sid checks.
   * @param {string} type @param {any} p payload
   */
  receive(type, p) {
    if (this.closed) return;
    if (p.sid && !this.remoteSid) this.remoteSid = p.sid;
    switch (type) {
      case 'offer':
      case 'answer':
        if (typeof p.sdp === 'string') this._enqueue(() => this._description(type, p.sdp));
        break;
      case 'candidate':
        if (p.c && typeof p.c === 'object') this._enqueue(() => this._candidate(p.c));
        break;
      case 'signal':
        this.emit('signal', p);
        break;
    }
  }

  async _description(type, sdp) {
    const pc = this.pc;
    const readyForOffer = !this._makingOffer && (pc.signalingState === 'stable' || this._settingRemoteAnswer);
    const collision = type === 'offer' && !readyForOffer;
    this._ignoreOffer = !this.polite && collision;
    if (this._ignoreOffer) return;
    if (type === 'answer' && pc.signalingState !== 'have-local-offer') return; // stale answer
    this._settingRemoteAnswer = type === 'answer';
    try {
      await pc.setRemoteDescription({ type, sdp: filterSdp(sdp, this._filter) });
    } finally {
      this._settingRemoteAnswer = false;
    }
    const buffered = this._pendingCandidates;
    this._pendingCandidates = [];
    for (const c of buffered) await this._addCandidate(c);
    if (type === 'offer') {
      await pc.setLocalDescription();
      this._send('answer', { sdp: filterSdp(pc.localDescription.sdp, this._filter) });
    }
  }

  async _candidate(c) {
    if (typeof c.candidate !== 'string' || !acceptCandidate(this._filter, c.candidate)) return;
    if (!this.pc.remoteDescription) {
      if (this._pendingCandidates.length < 200) this._pendingCandidates.push(c);
      return;
    }
    await this._addCandidate(c);
  }

  async _addCandidate(c) {
    try {
      await this.pc.addIceCandidate(c);
    } catch (e) {
      if (!this._ignoreOffer) console.warn('weft: a remote ICE candidate was refused', e?.message ?? e);
    }
  }

  _onState() {
    const state = this.pc.connectionState;
    this.emit('state', state);
    if (state === 'connected') {
      this.everConnected = true;
      this._restarts = 0;
      clearTimeout(this._disconnectTimer);
      this._disconnectTimer = null;
    } else if (state === 'disconnected') {
      // Often transient (network change): give ICE a moment, then restart it.
      clearTimeout(this._disconnectTimer);
      this._disconnectTimer = setTimeout(() => {
        if (!this.closed && this.pc.connectionState === 'disconnected') this._restartIce();
      }, DISCONNECTED_GRACE_MS);
    } else if (state === 'failed') {
      this._restartIce();
    }
  }

  _restartIce() {
    if (this.closed) return;
    if (this._restarts >= MAX_ICE_RESTARTS) {
      this._fail(new WeftError(ErrorCodes.ICE_FAILED,
        `no ICE route to ${this.remoteId} after ${MAX_ICE_RESTARTS} restarts (a TURN server may be needed)`,
        { peer: this.remoteId }));
      return;
    }
    this._restarts++;
    this.pc.restartIce();
  }

  /** Fails the link for good: pending work rejects with `err`, then the link closes. */
  _fail(err) {
    if (this.closed) return;
    this.emit('failed', err);
    this.close(false);
  }

  /**
   * Closes the RTCPeerConnection. With `notify`, the remote is told (signal kind 'bye') so it closes too.
   * @param {boolean} [notify]
   */
  close(notify = true) {
    if (this.closed) return;
    if (notify) this._send('signal', { kind: 'bye' });
    this.closed = true;
    clearTimeout(this._disconnectTimer);
    try {
      this.pc.close();
    } catch {
      /* already closed */
    }
    this.emit('close');
  }
}
