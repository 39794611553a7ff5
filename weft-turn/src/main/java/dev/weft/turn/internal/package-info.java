/**
 * The server's implementation, not API. Parsing and protocol logic ({@link dev.weft.turn.internal.TurnService},
 * {@link dev.weft.turn.internal.RequestProcessor}, {@link dev.weft.turn.internal.Relay}) take their sockets
 * ({@link dev.weft.turn.internal.ClientLink}, {@link dev.weft.turn.internal.RelaySockets}) and clock from outside;
 * the Netty adapters ({@link dev.weft.turn.internal.UdpFrontend}, {@link dev.weft.turn.internal.StreamFrontend})
 * only demultiplex and frame.
 */
package dev.weft.turn.internal;
