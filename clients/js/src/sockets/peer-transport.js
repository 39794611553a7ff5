// Channels for the socket layer over a weft.js Peer or a weft.js Network (the overlay): one unreliable
// DataChannel per peer pair, label "chan", {ordered: false, maxRetransmits: 0} (seed 004's settings), and on
// demand one reliable, ordered one, label "chan-r". The handshake goes through whatever signals the endpoint:
// the node the Peer is registered with (Peer.connect), or the overlay's relayed signaling (Network.connect,
// possibly over several hops and nodes). Only the endpoint's public API is used: `id`, `connect(id, {label,
// reliable})` resolving with an open Connection, and the `connection` event.

export const LABEL = 'chan';
export const RELIABLE_LABEL = 'chan-r';

/**
 * @typedef {object} ChannelEndpoint a weft.js Peer or Network
 * @property {string} id
 * @property {(id: string, opts: {label: string, reliable?: boolean}) => Promise<import('../connection.js').Connection>} connect
 * @property {(event: 'connection', handler: (c: import('../connection.js').Connection) => void) => () => void} on
 */

/** @implements {import('./links.js').Transport} */
export class PeerTransport {
  /** @param {ChannelEndpoint} peer a Peer, or a Network (the overlay) */
  constructor(peer) {
    this.peer = peer;
    this._incoming = null;
    this._off = peer.on('connection', (conn) => {
      if (conn.label !== LABEL && conn.label !== RELIABLE_LABEL) return;
      if (this._incoming) this._incoming(conn.peer, wrap(conn), conn.label === RELIABLE_LABEL);
      else conn.close();
    });
  }

  get localId() {
    return this.peer.id;
  }

  /** @param {string} peerId @param {boolean} reliable */
  async connect(peerId, reliable) {
    const conn = await this.peer.connect(peerId, reliable ? { label: RELIABLE_LABEL } : { reliable: false, label: LABEL });
    return wrap(conn);
  }

  onIncoming(handler) {
    this._incoming = handler;
  }

  /** Stops taking channels; the Peer or Network itself stays open (whoever opened it closes it). */
  close() {
    this._off();
    this._incoming = null;
  }
}

/**
 * The link's view of a weft.js Connection. Sends and receives go straight to the RTCDataChannel (no
 * promise or event object per datagram): a datagram is either taken by the channel now or lost.
 * @param {import('../connection.js').Connection} conn
 * @returns {import('./links.js').Channel & {connection: import('../connection.js').Connection}}
 */
function wrap(conn) {
  const ch = conn.channel;
  const c = {
    connection: conn,
    send: (bytes) => ch.send(bytes),
    buffered: () => ch.bufferedAmount,
    close: () => conn.close(),
    /** @type {any} */ onmessage: null,
    /** @type {any} */ onclose: null,
  };
  ch.onmessage = (ev) => c.onmessage?.(ev.data);
  conn.on('close', () => c.onclose?.());
  if (conn.closed) queueMicrotask(() => c.onclose?.());
  return c;
}
