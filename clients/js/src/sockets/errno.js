// errno values of the socket API. The numbers are newlib's (Cheerpnet's errnolight.h, seed 004; see
// /work/shared/reference/seed-systems.md §1.6), so code ported from C can compare against them.

/** errno name → number. */
export const ERRNO = Object.freeze({
  /** Not an open socket descriptor. */
  EBADF: 9,
  /** Nothing to receive (recvfrom), or the send failed on a channel that was then closed (reopened by the next sendto). */
  EWOULDBLOCK: 11,
  /** A bad argument: port outside 0-65535, data of a type that cannot be sent, bind on a bound socket. */
  EINVAL: 22,
  /** The port is already bound by another socket. */
  EADDRINUSE: 112,
  /** The address was never returned by resolve(). */
  ENETUNREACH: 114,
  /** init() has not completed (or the stack was shut down). */
  ENETDOWN: 115,
  /** The datagram is 16 KiB or larger. */
  EMSGSIZE: 122,
  /** bind() to an address that is not local (only 0.0.0.0 and 10.0.0.1 are). */
  EADDRNOTAVAIL: 125,
});

/** EAGAIN is EWOULDBLOCK, as in newlib. */
export const EAGAIN = ERRNO.EWOULDBLOCK;

/** Largest payload: a datagram of 16 KiB or more gets EMSGSIZE ("Packets bigger than 16k may cause problems"). */
export const MAX_DATAGRAM = 16 * 1024 - 1;

/** An error of the idiomatic face (DatagramSocket), carrying the errno name as `code`. */
export class SocketError extends Error {
  /** @param {keyof typeof ERRNO} code @param {string} message */
  constructor(code, message) {
    super(`${code}: ${message}`);
    this.name = 'SocketError';
    this.code = code;
    this.errno = ERRNO[code];
  }
}
