import { Call } from './call.js';
import { defaultServer, fetchIceServers, resolveOptions } from './config.js';
import { Connection } from './connection.js';
import { Emitter } from './emitter.js';
import { ErrorCodes, WeftError } from './errors.js';
import { Link, randomId } from './link.js';
import { isValidId, isValidToken } from './protocol.js';
import { SignalingClient } from './signaling.js';

const DEFAULT_TIMEOUT_MS = 15000;
const MAX_METADATA_BYTES = 16 * 1024;
const IDLE_LINK_CLOSE_MS = 1000;

/**
 * @typedef {object} PeerOptions
 * @property {string} [server] WebSocket URL of the node (default: /ws of the origin that served weft.js)
 * @property {string} [id] the id to register (default: one the node assigns)
 * @property {string} [token] secret that reclaims the id after a reconnect (default: one the node assigns)
 * @property {RTCIceServer[]} [iceServers] default: GET /api/ice-servers from the node
 * @property {(c: import('./ice.js').CandidateInfo) => boolean} [candidateFilter] which ICE candidates to use
 * @property {RTCConfiguration} [rtcConfig] extra RTCPeerConnection settings (e.g. iceTransportPolicy)
 */

/**
 * A registered peer: connect to others by id, take their connections and calls.
 *
 * Events: `connection` (Connection, once open), `call` (Call), `disconnected` (signaling socket lost; it
 * reconnects by itself), `reconnected`, `error` (WeftError not tied to a pending call), `close`.
 */
export class Peer extends Emitter {
  /**
   * Registers with the node. Rejects with a WeftError: INVALID_ID, ID_TAKEN, INVALID_TOKEN, SERVER_UNREACHABLE.
   * @param {PeerOptions} [options]
   * @returns {Promise<Peer>}
   */
  static async open(options) {
    const o = resolveOptions(options);
    if (o.id != null && !isValidId(o.id)) {
      throw new WeftError(ErrorCodes.INVALID_ID, 'an id is 1-64 characters of [A-Za-z0-9_-], starting with a letter or digit');
    }
    if (o.token != null && !isValidToken(o.token)) {
      throw new WeftError(ErrorCodes.INVALID_TOKEN, 'a token is 16-128 printable ASCII characters without spaces');
    }
    const server = o.server ?? defaultServer();
    const iceServers = o.iceServers ?? (await fetchIceServers(server));
    const signaling = new SignalingClient({ url: server, id: o.id, token: o.token, WebSocket: o.WebSocket });
    await signaling.open();
    return new Peer(o, signaling, iceServers);
  }

  /** @private use Peer.open */
  constructor(options, signaling, iceServers) {
    super();
    this._options = options;
    this._signaling = signaling;
    this._rtcConfig = { ...(options.rtcConfig ?? {}), iceServers };
    /** @type {Map<string, Link & {conns: Set<Connection>, calls: Map<string, Call>, orphans: Map<string, MediaStream>}>} */
    this._links = new Map();
    this._pendingCalls = new Map();
    this.closed = false;
    signaling.on('message', (m) => this._onMessage(m));
    signaling.on('node-error', (e) => this._onNodeError(e));
    signaling.on('disconnected', () => this.emit('disconnected'));
    signaling.on('reconnected', () => this.emit('reconnected'));
    signaling.on('error', (e) => this.emit('error', e));
    signaling.on('close', () => this._closeAll());
  }

  /** This peer's id on the network. */
  get id() {
    return this._signaling.id;
  }

  /** The secret that reclaims this id; keep it to reopen with the same id later. */
  get token() {
    return this._signaling.token;
  }

  /** The ICE servers in use. */
  get iceServers() {
    return this._rtcConfig.iceServers;
  }

  /** Open Connections, by remote id. */
  get connections() {
    const out = {};
    for (const [id, link] of this._links) out[id] = [...link.conns].filter((c) => !c.closed);
    return out;
  }

  /**
   * Opens a DataChannel to `id`. Resolves once it is open. Rejects with PEER_UNAVAILABLE (not online),
   * TIMEOUT, ICE_FAILED, NEGOTIATION_FAILED, INVALID_ARGUMENT.
   * @param {string} id
   * @param {{reliable?: boolean, label?: string, metadata?: unknown, timeout?: number}} [options]
   *   reliable:false gives an unordered channel without retransmissions (real datagrams)
   * @returns {Promise<Connection>}
   */
  connect(id, options = {}) {
    const bad = this._checkTarget(id);
    if (bad) return Promise.reject(bad);
    const { reliable = true, label = 'data', metadata, timeout = DEFAULT_TIMEOUT_MS } = options;
    const protocol = JSON.stringify({ metadata: metadata ?? null, reliable: reliable !== false });
    if (protocol.length > MAX_METADATA_BYTES) {
      return Promise.reject(new WeftError(ErrorCodes.INVALID_ARGUMENT, `metadata must serialize to at most ${MAX_METADATA_BYTES} bytes`));
    }
    const link = this._linkFor(id, null);
    const init = reliable === false ? { ordered: false, maxRetransmits: 0, protocol } : { ordered: true, protocol };
    const channel = link.pc.createDataChannel(String(label).slice(0, 256), init);
    const conn = this._adopt(link, channel, metadata, reliable !== false);
    return this._pending(link, timeout, (resolve) => conn.once('open', () => resolve(conn)), () => conn.close());
  }

  /**
   * Calls `id` with a local stream. Resolves once the callee's client has the call (its `call` event);
   * `stream` events follow when media flows. Rejects with PEER_UNAVAILABLE, TIMEOUT, ICE_FAILED, INVALID_ARGUMENT.
   * @param {string} id
   * @param {MediaStream} stream
   * @param {{metadata?: unknown, timeout?: number}} [options]
   * @returns {Promise<Call>}
   */
  call(id, stream, options = {}) {
    const bad = this._checkTarget(id);
    if (bad) return Promise.reject(bad);
    if (typeof MediaStream === 'undefined' || !(stream instanceof MediaStream)) {
      return Promise.reject(new WeftError(ErrorCodes.INVALID_ARGUMENT, 'call needs a MediaStream'));
    }
    const { metadata, timeout = DEFAULT_TIMEOUT_MS } = options;
    const link = this._linkFor(id, null);
    const call = new Call({ id: randomId(), peer: id, metadata, link, outgoing: true, localStream: stream });
    this._trackCall(link, call);
    link.signal({ kind: 'call', callId: call.id, metadata: metadata ?? null, streamId: stream.id }, `c.${call.id}`);
    call._addStream(stream);
    return this._pending(link, timeout, (resolve) => this._pendingCalls.set(call.id, () => resolve(call)), () => {
      this._pendingCalls.delete(call.id);
      call.hangup();
    });
  }

  /** Leaves: closes every connection and call, and releases the id on the node. */
  close() {
    if (this.closed) return;
    this._signaling.close();
    this._closeAll();
  }

  _closeAll() {
    if (this.closed) return;
    this.closed = true;
    for (const link of [...this._links.values()]) link.close(true);
    this._links.clear();
    this.emit('close');
  }

  _checkTarget(id) {
    if (this.closed) return new WeftError(ErrorCodes.CONNECTION_CLOSED, 'this peer is closed');
    if (!isValidId(id)) return new WeftError(ErrorCodes.INVALID_ARGUMENT, `not a valid peer id: ${String(id).slice(0, 80)}`);
    if (id === this.id) return new WeftError(ErrorCodes.INVALID_ARGUMENT, 'a peer cannot connect to itself');
    return null;
  }

  /**
   * Waits for `start(resolve)` to resolve, failing on the link's failure or the timeout.
   * @returns {Promise<any>}
   */
  _pending(link, timeout, start, onTimeout) {
    return new Promise((resolve, reject) => {
      let done = false;
      const finish = (fn, value) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        offFail();
        offClose();
        fn(value);
      };
      const timer = setTimeout(() => {
        finish(reject, new WeftError(ErrorCodes.TIMEOUT, `no answer from ${link.remoteId} within ${timeout} ms`, { peer: link.remoteId }));
        onTimeout();
        this._closeIfIdle(link);
      }, timeout);
      const offFail = link.on('failed', (err) => finish(reject, err));
      const offClose = link.on('close', () => finish(reject, new WeftError(ErrorCodes.PEER_CLOSED, `${link.remoteId} closed the connection`, { peer: link.remoteId })));
      start((value) => finish(resolve, value));
    });
  }

  /** The link to `id`, created if needed (with the remote's sid when an offer created it). */
  _linkFor(id, remoteSid) {
    let link = this._links.get(id);
    if (link && !link.closed) return link;
    link = /** @type {any} */ (new Link({
      localId: this.id, remoteId: id, signaling: this._signaling, rtcConfig: this._rtcConfig,
      candidateFilter: this._options.candidateFilter, remoteSid,
    }));
    link.conns = new Set();
    link.calls = new Map();
    link.orphans = new Map();
    this._links.set(id, link);
    link.on('channel', (channel) => this._onRemoteChannel(link, channel));
    link.on('track', (ev) => this._onTrack(link, ev));
    link.on('signal', (p) => this._onLinkSignal(link, p));
    link.on('failed', (err) => {
      for (const c of link.conns) if (!c.closed) c.emit('error', err);
      for (const call of link.calls.values()) if (!call.closed) call.emit('error', err);
    });
    link.on('close', () => {
      if (this._links.get(id) === link) this._links.delete(id);
      for (const c of [...link.conns]) c._onClose();
      for (const call of [...link.calls.values()]) call._end();
    });
    return link;
  }

  _adopt(link, channel, metadata, reliable) {
    const conn = new Connection({ peer: link.remoteId, channel, metadata, reliable, link });
    link.conns.add(conn);
    conn.on('close', () => {
      link.conns.delete(conn);
      this._closeIfIdle(link);
    });
    return conn;
  }

  _onRemoteChannel(link, channel) {
    let meta = { metadata: undefined, reliable: channel.ordered };
    try {
      const parsed = JSON.parse(channel.protocol || '{}');
      if (parsed && typeof parsed === 'object') meta = { metadata: parsed.metadata ?? undefined, reliable: parsed.reliable !== false };
    } catch {
      /* a channel from another library: no metadata */
    }
    const conn = this._adopt(link, channel, meta.metadata, meta.reliable);
    if (channel.readyState === 'open') this.emit('connection', conn);
    else conn.once('open', () => this.emit('connection', conn));
  }

  _trackCall(link, call) {
    link.calls.set(call.id, call);
    call.on('close', () => {
      link.calls.delete(call.id);
      this._closeIfIdle(link);
    });
    if (call.remoteStreamId && link.orphans.has(call.remoteStreamId)) call._remote(link.orphans.get(call.remoteStreamId));
  }

  _onTrack(link, ev) {
    const stream = ev.streams[0];
    if (!stream) return;
    for (const call of link.calls.values()) {
      if (call.remoteStreamId === stream.id) {
        call._remote(stream);
        return;
      }
    }
    link.orphans.set(stream.id, stream);
  }

  _onLinkSignal(link, p) {
    switch (p.kind) {
      case 'bye':
        link.close(false);
        break;
      case 'call': {
        if (typeof p.callId !== 'string' || link.calls.has(p.callId)) return;
        const call = new Call({ id: p.callId, peer: link.remoteId, metadata: p.metadata ?? undefined, link, outgoing: false,
          remoteStreamId: typeof p.streamId === 'string' ? p.streamId : null });
        this._trackCall(link, call);
        link.signal({ kind: 'call-ack', callId: call.id });
        this.emit('call', call);
        break;
      }
      case 'call-ack': {
        const resolve = this._pendingCalls.get(p.callId);
        this._pendingCalls.delete(p.callId);
        resolve?.();
        break;
      }
      case 'call-answer': {
        const call = link.calls.get(p.callId);
        if (!call || typeof p.streamId !== 'string') return;
        call.remoteStreamId = p.streamId;
        if (link.orphans.has(p.streamId)) call._remote(link.orphans.get(p.streamId));
        break;
      }
      case 'hangup':
        link.calls.get(p.callId)?._end();
        break;
    }
  }

  _closeIfIdle(link) {
    setTimeout(() => {
      if (!link.closed && link.conns.size === 0 && link.calls.size === 0 && this._links.get(link.remoteId) === link) {
        link.close(true);
      }
    }, IDLE_LINK_CLOSE_MS);
  }

  /** A relayed message from another peer. */
  _onMessage(m) {
    if (m.type === 'peer-left') {
      const link = this._links.get(m.id);
      if (link && !link.everConnected) link._fail(new WeftError(ErrorCodes.PEER_UNAVAILABLE, `${m.id} left`, { peer: m.id }));
      return;
    }
    const p = m.payload;
    if (!p || typeof p !== 'object' || typeof p.sid !== 'string') return;
    let link = this._links.get(m.from);
    if (link && p.rsid && p.rsid !== link.sid) return; // for an older link of ours
    if (link && link.remoteSid && p.sid !== link.remoteSid) {
      if (m.type !== 'offer' && !(m.type === 'signal' && p.kind === 'call')) return; // stale
      link.close(false); // the remote started over
      link = undefined;
    }
    if (!link) {
      const starts = m.type === 'offer' || (m.type === 'signal' && p.kind === 'call');
      if (!starts || this.closed) return;
      link = this._linkFor(m.from, p.sid);
    }
    link.receive(m.type, p);
  }

  _onNodeError(err) {
    if ((err.code === ErrorCodes.PEER_UNAVAILABLE || err.code === ErrorCodes.CLUSTER_UNAVAILABLE) && err.peer) {
      // Always about a signal one of our links sent. The first one fails a link that is still connecting;
      // later ones (for the candidates that followed the offer) and those about an established link, which
      // no longer needs the node, are expected and not errors of this peer. CLUSTER_UNAVAILABLE: the node's
      // cluster cannot look the peer up right now (docs/cluster.md).
      const link = this._links.get(err.peer);
      if (link && !link.everConnected) {
        const why = err.code === ErrorCodes.PEER_UNAVAILABLE ? 'is not online' : 'cannot be reached: the cluster is unavailable';
        link._fail(new WeftError(err.code, `${err.peer} ${why}`, { peer: err.peer }));
      }
      return;
    }
    this.emit('error', err);
  }
}
