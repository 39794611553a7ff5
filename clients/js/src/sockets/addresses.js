// Local fake IPv4 addresses for peer ids, like a DNS answered on this page only (seed 004): the first peer
// resolved gets 10.0.0.2, the next 10.0.0.3, and so on; an address is never reused while the page lives.
// 10.0.0.1 is this peer. Addresses are not shared between pages: send ids, not addresses, to other peers.

const BASE = (10 << 24) >>> 0; // 10.0.0.0
const FIRST = 2;
const LAST = 0x00ffffff - 1; // 10.255.255.254

/** @param {number} n @returns {string} */
export function formatIPv4(n) {
  return `${n >>> 24}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${n & 0xff}`;
}

/**
 * Dotted quad or uint32 → uint32, or null when it is neither.
 * @param {unknown} address
 * @returns {number|null}
 */
export function parseIPv4(address) {
  if (typeof address === 'number') return Number.isInteger(address) && address >= 0 && address <= 0xffffffff ? address >>> 0 : null;
  if (typeof address !== 'string') return null;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

export const LOCAL_ADDRESS = formatIPv4(BASE + 1);

/** The page's table of peer id ↔ fake address. */
export class AddressBook {
  constructor() {
    /** @type {Map<string, number>} */
    this._byPeer = new Map();
    /** @type {Map<number, string>} */
    this._byAddress = new Map();
    /** dotted quad → peer id, and peer id → dotted quad: the per-datagram lookups, without parsing */
    /** @type {Map<string, string>} */
    this._peerByText = new Map();
    /** @type {Map<string, string>} */
    this._textByPeer = new Map();
    this._next = FIRST;
  }

  /**
   * The address of `peerId`, assigned on first use.
   * @param {string} peerId
   * @returns {string} dotted quad, e.g. "10.0.0.2"
   */
  resolve(peerId) {
    const known = this._textByPeer.get(peerId);
    if (known !== undefined) return known;
    if (this._next > LAST) throw new RangeError('the 10.0.0.0/8 address space of this page is used up');
    const n = (BASE + this._next++) >>> 0;
    const text = formatIPv4(n);
    this._byPeer.set(peerId, n);
    this._byAddress.set(n, peerId);
    this._textByPeer.set(peerId, text);
    this._peerByText.set(text, peerId);
    return text;
  }

  /**
   * The peer id behind an address (dotted quad or uint32), or null if it was never resolved.
   * @param {string|number} address
   */
  peerOf(address) {
    if (typeof address === 'string') {
      const peer = this._peerByText.get(address);
      if (peer !== undefined) return peer;
    }
    const n = parseIPv4(address);
    return n === null ? null : this._byAddress.get(n) ?? null;
  }
}
