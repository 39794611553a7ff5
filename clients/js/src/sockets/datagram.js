import { Emitter } from '../emitter.js';
import { LOCAL_ADDRESS, parseIPv4 } from './addresses.js';
import { SocketError } from './errno.js';

/**
 * The idiomatic face of the socket layer, over the same core as the C-style calls (and so the same ports
 * and channels). Errors throw a SocketError whose `code` is the errno name.
 *
 * Events: `message` (data: Uint8Array, {address, port, peer}), `close`.
 */
export class DatagramSocket extends Emitter {
  /**
   * @param {import('./stack.js').SocketStack} stack
   * @param {{port?: number}} [options] port 0 or absent: a free one
   */
  constructor(stack, options = {}) {
    super();
    this._stack = stack;
    this.fd = this._check(stack.socket());
    this._check(stack.bind(this.fd, options.port ?? 0));
    stack.setListener(this.fd, (d) => this.emit('message', d.data, { address: d.address, port: d.port, peer: d.peer }));
    this.closed = false;
  }

  /** {address: "10.0.0.1", port} */
  address() {
    return { address: LOCAL_ADDRESS, port: this._stack.portOf(this.fd) };
  }

  /**
   * Sends a datagram. `address` is a fake address from resolve() or a peer id (resolved for you).
   * @param {Uint8Array|ArrayBufferView|ArrayBuffer|string} data
   * @param {string|number} address
   * @param {number} port
   * @param {{reliable?: boolean}} [options] reliable: use the ordered, retransmitting channel
   * @returns {number} bytes sent or queued
   */
  send(data, address, port, options = {}) {
    if (this.closed) throw new SocketError('EBADF', 'the socket is closed');
    const addr = parseIPv4(address) === null && typeof address === 'string' ? this._stack.resolve(address) : address;
    return this._check(this._stack.sendto(this.fd, data, addr, port, options.reliable ? 1 : 0));
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this._stack.close(this.fd);
    this.emit('close');
  }

  _check(r) {
    if (r === -1) throw new SocketError(/** @type {any} */ (this._stack.errno), describe(this._stack.errno));
    return r;
  }
}

function describe(code) {
  switch (code) {
    case 'EBADF': return 'not an open socket';
    case 'ENETDOWN': return 'the socket layer is not initialised (await sockets.init())';
    case 'ENETUNREACH': return 'unknown address: resolve the peer id first';
    case 'EMSGSIZE': return 'a datagram must be under 16 KiB';
    case 'EADDRINUSE': return 'the port is already bound';
    case 'EADDRNOTAVAIL': return 'only 0.0.0.0 and 10.0.0.1 are local addresses';
    case 'EWOULDBLOCK': return 'the channel could not take the datagram; try again';
    default: return 'invalid argument';
  }
}
