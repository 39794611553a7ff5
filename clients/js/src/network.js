// The Weft network in the browser (docs/overlay.md): join through nodes over WebSocket, then links to other
// browsers over WebRTC with handshakes relayed through the overlay. Groups, broadcast, multi-hop connect.
import { fetchIceServers, resolveOptions } from './config.js';
import { Connection } from './connection.js';
import { Emitter } from './emitter.js';
import { ErrorCodes, WeftError } from './errors.js';
import { Identity } from './overlay/identity.js';
import * as C from './overlay/constants.js';
import { isValidGroup, isValidId, isValidUrl } from './overlay/envelope.js';
import { Overlay } from './overlay/overlay.js';
import { RtcLinks } from './overlay/rtc.js';

const JOIN_TIMEOUT_MS = 10000;
const STORAGE_KEY = 'weft.knownNodes';

/** The /overlay endpoint of the node that served this module. */
export function defaultOverlayUrl() {
  const url = new URL('/overlay', import.meta.url);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** Accepts ws(s)://host[:port][/overlay] and http(s) origins; returns the overlay URL or null. */
export function overlayUrl(u) {
  try {
    const url = new URL(String(u));
    if (url.protocol === 'http:') url.protocol = 'ws:';
    if (url.protocol === 'https:') url.protocol = 'wss:';
    if (url.pathname === '/' || url.pathname === '') url.pathname = '/overlay';
    const s = url.toString();
    return isValidUrl(s) ? s : null;
  } catch {
    return null;
  }
}

function toWeftError(e) {
  if (e instanceof WeftError) return e;
  const code = e && typeof e.code === 'string' && ErrorCodes[e.code] ? e.code : ErrorCodes.INTERNAL_ERROR;
  return new WeftError(code, e?.message ?? String(e), { cause: e });
}

function storage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * A member of a group. Events: `message` ({from, term, payload}), `neighbor-joined` (id), `neighbor-left` (id).
 */
export class Group extends Emitter {
  constructor(network, name) {
    super();
    this.network = network;
    this.name = name;
    this.left = false;
  }

  /** The ids of this peer's neighbours in the group. */
  get neighbors() {
    return this.network._overlay.neighbors(this.name);
  }

  /**
   * Sends to every member (each gets it once). Throws WeftError NOT_IN_GROUP, INVALID_ARGUMENT, MESSAGE_TOO_LARGE.
   * @param {string} term 1-64 of [A-Za-z0-9_.:/-]
   * @param {unknown} payload any JSON value
   */
  broadcast(term, payload) {
    if (typeof term === 'string' && term.startsWith('weft:')) {
      throw new WeftError(ErrorCodes.INVALID_ARGUMENT, 'terms starting with "weft:" are the overlay\'s own (census)');
    }
    try {
      return this.network._overlay.broadcast(this.name, term, payload);
    } catch (e) {
      throw toWeftError(e);
    }
  }

  leave() {
    if (this.left) return;
    this.left = true;
    this.network._overlay.leave(this.name);
    this.network._groups.delete(this.name);
  }
}

/**
 * This page as a peer of the Weft network. Events: `connection` (a Connection another peer opened with
 * network.connect, already open), `close`.
 */
export class Network extends Emitter {
  /**
   * @param {{bootstrap?: string[], candidateFilter?: Function, iceServers?: RTCIceServer[], rtcConfig?: RTCConfiguration,
   *          identity?: Identity, WebSocket?: typeof WebSocket}} [options] page-wide defaults from globalThis.weftConfig
   * @returns {Promise<Network>} once linked to a node; rejects SERVER_UNREACHABLE
   */
  static async join(options) {
    const o = resolveOptions(options);
    // The id derives from the page's Ed25519 key (kept in IndexedDB): docs/overlay.md, "Identity".
    const identity = o.identity ?? (await Identity.load());
    if (o.id !== undefined && o.id !== identity.id) {
      throw new WeftError(ErrorCodes.INVALID_ID, 'overlay ids derive from the Ed25519 key; pass no id (or options.identity)');
    }
    const boot = (o.bootstrap ?? [defaultOverlayUrl()]).map(overlayUrl).filter(Boolean);
    if (boot.length === 0) throw new WeftError(ErrorCodes.INVALID_ARGUMENT, 'bootstrap needs ws:// or http:// node URLs');
    const stored = readStored();
    const iceServers = o.iceServers ?? (await fetchIceServers(boot[0]));
    const net = new Network(o, identity, [...boot, ...stored.filter((u) => !boot.includes(u))], iceServers);
    await net._started;
    return net;
  }

  /** @private use Network.join */
  constructor(o, identity, bootstrap, iceServers) {
    super();
    this._WebSocket = o.WebSocket ?? globalThis.WebSocket;
    const canRtc = typeof globalThis.RTCPeerConnection === 'function';
    /** @type {Map<string, Group>} */
    this._groups = new Map();
    /** @type {Set<any>} */
    this._wsLinks = new Set();
    this.closed = false;
    this._overlay = new Overlay({
      self: { kind: canRtc ? 'browser' : 'client' },
      identity,
      bootstrap,
      dialer: (url) => this._dial(url),
      maxLinks: C.PEER_MAX_LINKS,
      events: {
        message: (g, from, term, payload) => this._groups.get(g)?.emit('message', { from, term, payload }),
        neighborJoined: (g, peer) => this._groups.get(g)?.emit('neighbor-joined', peer),
        neighborLeft: (g, peer) => this._groups.get(g)?.emit('neighbor-left', peer),
        knownNodes: (urls) => {
          try {
            storage()?.setItem(STORAGE_KEY, JSON.stringify(urls));
          } catch {
            /* storage full or denied */
          }
        },
      },
    });
    if (canRtc) {
      this._rtc = new RtcLinks({
        overlay: this._overlay,
        rtcConfig: { ...(o.rtcConfig ?? {}), iceServers },
        candidateFilter: o.candidateFilter,
        maxLinks: C.PEER_MAX_LINKS,
        onUserChannel: (peerId, ch) => this._incoming(peerId, ch),
      });
      this._overlay.relay.connector = (target, route) => this._rtc.connect(target, route);
      this._overlay.relay.handler = (from, back, body) => this._rtc.onSignal(from, back, body);
    }
    this._overlay.start();
    this._started = new Promise((resolve, reject) => {
      const t0 = Date.now();
      const check = () => {
        if (this._overlay.peers.size > 0) return resolve();
        if (Date.now() - t0 > JOIN_TIMEOUT_MS) {
          this.close();
          return reject(new WeftError(ErrorCodes.SERVER_UNREACHABLE, `no node answered: ${bootstrap.join(', ')}`));
        }
        setTimeout(check, 50);
      };
      check();
    });
  }

  /** This peer's id: base32 of its Ed25519 public key (the same after a reload). */
  get id() {
    return this._overlay.self.id;
  }

  /** Ids of the peers this page is linked to (nodes and browsers). */
  get links() {
    return this._overlay.linkedPeers().map((p) => ({ id: p.id, kind: p.kind, url: p.url ?? null }));
  }

  /** Known node URLs (kept in localStorage). */
  get knownNodes() {
    return [...this._overlay.knownNodes];
  }

  /** Adds a node URL to the known list (and links to it if this page has no link). */
  know(url) {
    const u = overlayUrl(url);
    if (!u) throw new WeftError(ErrorCodes.INVALID_ARGUMENT, 'a node URL is ws(s):// or http(s)://');
    this._overlay.addKnown(u);
    return u;
  }

  forget(url) {
    this._overlay.forget(overlayUrl(url) ?? url);
  }

  /**
   * Joins (or creates) a group.
   * @param {string} name 1-64 of [A-Za-z0-9_.:-], starting with a letter or digit
   * @returns {Promise<Group>}
   */
  async group(name) {
    if (!isValidGroup(name) || name === C.ROOT) throw new WeftError(ErrorCodes.INVALID_ARGUMENT, 'a group name is 1-64 of [A-Za-z0-9_.:-] starting with a letter or digit');
    let g = this._groups.get(name);
    if (g) return g;
    g = new Group(this, name);
    this._groups.set(name, g);
    try {
      await this._overlay.join(name);
    } catch (e) {
      this._groups.delete(name);
      throw toWeftError(e);
    }
    return g;
  }

  /**
   * Opens a DataChannel to any browser of the network by id: the WebRTC handshake travels along an overlay
   * route (several hops, none of which links to this page first). Rejects NO_ROUTE, LINK_REFUSED, OVERLAY_FULL,
   * TIMEOUT.
   * @param {string} id
   * @param {{label?: string, metadata?: unknown, reliable?: boolean, timeout?: number}} [opts]
   * @returns {Promise<Connection>}
   */
  async connect(id, { label = 'data', metadata, reliable = true, timeout = 15000 } = {}) {
    if (!isValidId(id) || id === this.id) throw new WeftError(ErrorCodes.INVALID_ARGUMENT, 'connect needs another peer id');
    if (!this._rtc) throw new WeftError(ErrorCodes.LINK_REFUSED, 'this runtime has no WebRTC');
    const route = await this._overlay.routing.findPeer(id);
    if (route.length === 0) throw new WeftError(ErrorCodes.NO_ROUTE, `no route to ${id} within ${C.ROUTE_TTL} hops`, { peer: id });
    const target = route[route.length - 1];
    if (target.kind !== 'browser') throw new WeftError(ErrorCodes.LINK_REFUSED, `${id} is a ${target.kind}: connect opens WebRTC channels to browsers`, { peer: id });
    try {
      await this._overlay.relay.ensureLink(target, route.map((p) => p.id));
    } catch (e) {
      throw toWeftError(e);
    }
    const pl = this._overlay.peers.get(id);
    if (pl) pl.keep = true;
    const protocol = JSON.stringify({ metadata: metadata ?? null, reliable: reliable !== false });
    const init = reliable === false ? { ordered: false, maxRetransmits: 0, protocol } : { ordered: true, protocol };
    const ch = this._rtc.createChannel(id, String(label).slice(0, 256), init);
    if (!ch) throw new WeftError(ErrorCodes.PEER_CLOSED, `the link to ${id} closed`, { peer: id });
    const conn = new Connection({ peer: id, channel: ch, metadata, reliable: reliable !== false, link: this._rtc.peers.get(id)?.link });
    if (conn.open) return conn;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        conn.close();
        reject(new WeftError(ErrorCodes.TIMEOUT, `no channel to ${id} within ${timeout} ms`, { peer: id }));
      }, timeout);
      conn.once('open', () => {
        clearTimeout(t);
        resolve(conn);
      });
      conn.once('close', () => {
        clearTimeout(t);
        reject(new WeftError(ErrorCodes.PEER_CLOSED, `${id} closed the channel`, { peer: id }));
      });
    });
  }

  _incoming(peerId, ch) {
    let meta = null;
    let reliable = true;
    try {
      const parsed = JSON.parse(ch.protocol || '{}');
      meta = parsed.metadata ?? null;
      reliable = parsed.reliable !== false;
    } catch {
      /* not ours: no metadata */
    }
    const pl = this._overlay.peers.get(peerId);
    if (pl) pl.keep = true;
    const conn = new Connection({ peer: peerId, channel: ch, metadata: meta, reliable, link: this._rtc.peers.get(peerId)?.link });
    if (conn.open) this.emit('connection', conn);
    else conn.once('open', () => this.emit('connection', conn));
  }

  _dial(url) {
    let ws;
    try {
      ws = new this._WebSocket(url);
    } catch (e) {
      queueMicrotask(() => this._overlay.dialFailed(url, e?.message ?? 'bad URL'));
      return;
    }
    let opened = false;
    const link = {
      outbound: true,
      url,
      send: (text) => {
        if (ws.readyState === 1) ws.send(text);
      },
      close: () => ws.close(),
    };
    ws.onopen = () => {
      opened = true;
      this._wsLinks.add(link);
      this._overlay.linkOpened(link);
    };
    ws.onmessage = (ev) => this._overlay.received(link, typeof ev.data === 'string' ? ev.data : null);
    ws.onclose = () => {
      this._wsLinks.delete(link);
      if (opened) this._overlay.linkClosed(link);
      else this._overlay.dialFailed(url, 'the WebSocket closed');
    };
    ws.onerror = () => {};
  }

  /**
   * Closes this page's WebSockets to nodes; the page stays in the network through its WebRTC links (and
   * dials a known node again only if it loses every link).
   */
  closeNodeLinks() {
    for (const l of [...this._wsLinks]) l.close();
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this._overlay.close();
    this._rtc?.closeAll();
    this.emit('close');
  }
}

function readStored() {
  try {
    const list = JSON.parse(storage()?.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(list) ? list.filter(isValidUrl).slice(0, C.MAX_KNOWN_NODES) : [];
  } catch {
    return [];
  }
}
