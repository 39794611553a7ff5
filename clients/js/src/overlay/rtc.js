// Browser-to-browser overlay links: one RTCPeerConnection per remote peer (link.js: perfect negotiation,
// candidate buffering, ICE restart; ICE `disconnected` is not fatal), its handshake relayed hop by hop along
// an overlay route as `signal {kind: "rtc", t, p}`. The overlay runs on a DataChannel labelled "overlay";
// user Connections (network.connect) are further channels on the same RTCPeerConnection.
import { Link } from '../link.js';

const RTC_TYPES = new Set(['offer', 'answer', 'candidate', 'signal']);
const HANDSHAKE_MS = 15000;

export class RtcLinks {
  /**
   * @param {{overlay: import('./overlay.js').Overlay, rtcConfig: RTCConfiguration, candidateFilter?: Function,
   *          maxLinks: number, onUserChannel: (peerId: string, channel: RTCDataChannel, link: Link) => void}} o
   */
  constructor(o) {
    this.o = o;
    /** @type {Map<string, {link: Link, route: string[], olink: any, channel: RTCDataChannel|null, users: number, timer: any}>} */
    this.peers = new Map();
  }

  get size() {
    return this.peers.size;
  }

  /** The overlay's connector: open a link to `target` with the handshake relayed along `route`. */
  connect(target, route) {
    if (this.peers.has(target.id)) return;
    if (this.peers.size >= this.o.maxLinks) {
      this.o.overlay.relay.linkFailed(target.id, 'OVERLAY_FULL', `at most ${this.o.maxLinks} WebRTC links per page`);
      return;
    }
    const entry = this._create(target.id, route, null);
    this._wireOverlayChannel(entry, entry.link.pc.createDataChannel('overlay', { ordered: true }), true);
  }

  /** Signals addressed to this peer that the overlay does not handle itself. */
  onSignal(from, back, body) {
    if (body.kind === 'reject') {
      const target = typeof body.target === 'string' ? body.target : from;
      const entry = this.peers.get(target);
      if (entry && !entry.olink?.open) this._close(entry, false);
      return;
    }
    if (body.kind !== 'rtc' || !RTC_TYPES.has(body.t) || !body.p || typeof body.p !== 'object') return;
    const p = body.p;
    let entry = this.peers.get(from);
    if (entry && body.t === 'offer' && p.sid && entry.link.remoteSid && p.sid !== entry.link.remoteSid) {
      this._close(entry, false); // the remote started over (reload): a new link takes the offer
      entry = undefined;
    }
    if (!entry) {
      if (body.t !== 'offer') return; // late candidate of a closed link
      if (this.peers.size >= this.o.maxLinks || !this.o.overlay.hasRoomForLink()) {
        this.o.overlay.signal(from, back, { kind: 'reject', code: 'OVERLAY_FULL', message: 'this page has no room for another link', target: this.o.overlay.self.id });
        return;
      }
      entry = this._create(from, back, p.sid ?? null);
    }
    if (p.rsid && p.rsid !== entry.link.sid) return; // meant for an older incarnation
    entry.route = back;
    if (body.t === 'signal' && p.kind === 'bye') {
      this._close(entry, false);
      return;
    }
    entry.link.receive(body.t, p);
  }

  /** A user DataChannel to `peerId` on its link (the link must exist). */
  createChannel(peerId, label, init) {
    const entry = this.peers.get(peerId);
    if (!entry) return null;
    entry.users++;
    const ch = entry.link.pc.createDataChannel(label, init);
    ch.addEventListener('close', () => this._userGone(entry));
    return ch;
  }

  closeAll() {
    for (const e of [...this.peers.values()]) this._close(e, true);
  }

  _create(remoteId, route, remoteSid) {
    const o = this.o;
    const entry = { link: null, route, olink: null, channel: null, users: 0, timer: null };
    const signaling = {
      relay: (type, to, payload) => o.overlay.signal(to, entry.route, { kind: 'rtc', t: type, p: payload }),
    };
    entry.link = new Link({ localId: o.overlay.self.id, remoteId, signaling, rtcConfig: o.rtcConfig, candidateFilter: o.candidateFilter, remoteSid });
    entry.link.on('channel', (ch) => {
      if (ch.label === 'overlay') this._wireOverlayChannel(entry, ch, false);
      else {
        entry.users++;
        ch.addEventListener('close', () => this._userGone(entry));
        o.onUserChannel(remoteId, ch, entry.link);
      }
    });
    entry.link.on('failed', (err) => o.overlay.relay.linkFailed(remoteId, err.code ?? 'ICE_FAILED', err.message));
    entry.link.on('close', () => this._close(entry, false));
    entry.timer = setTimeout(() => {
      if (!entry.olink?.open) {
        o.overlay.relay.linkFailed(remoteId, 'NO_ROUTE', `no WebRTC link to ${remoteId} within ${HANDSHAKE_MS} ms`);
        this._close(entry, true);
      }
    }, HANDSHAKE_MS);
    this.peers.set(remoteId, entry);
    return entry;
  }

  _wireOverlayChannel(entry, ch, outbound) {
    const overlay = this.o.overlay;
    entry.channel = ch;
    const olink = {
      outbound,
      url: null,
      open: false,
      send: (text) => {
        if (ch.readyState === 'open') {
          try {
            ch.send(text);
          } catch {
            /* closing */
          }
        }
      },
      close: () => {
        try {
          ch.close();
        } catch {
          /* closed */
        }
        this._overlayGone(entry, olink);
      },
    };
    entry.olink = olink;
    ch.onopen = () => {
      olink.open = true;
      clearTimeout(entry.timer);
      overlay.linkOpened(olink);
    };
    ch.onmessage = (ev) => overlay.received(olink, typeof ev.data === 'string' ? ev.data : null);
    ch.onclose = () => this._overlayGone(entry, olink);
  }

  _overlayGone(entry, olink) {
    if (olink.gone) return;
    olink.gone = true;
    if (olink.open) this.o.overlay.linkClosed(olink);
    if (entry.users === 0) this._close(entry, true);
  }

  _userGone(entry) {
    entry.users = Math.max(0, entry.users - 1);
    if (entry.users === 0 && (!entry.olink || entry.olink.gone)) this._close(entry, true);
  }

  _close(entry, notify) {
    if (this.peers.get(entry.link.remoteId) === entry) this.peers.delete(entry.link.remoteId);
    clearTimeout(entry.timer);
    if (entry.olink && !entry.olink.gone) {
      entry.olink.gone = true;
      if (entry.olink.open) this.o.overlay.linkClosed(entry.olink);
    }
    entry.link.close(notify);
  }
}
