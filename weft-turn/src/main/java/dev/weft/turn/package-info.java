/**
 * A STUN/TURN server for embedding (RFC 8489, RFC 8656): configure with {@link dev.weft.turn.TurnConfig}, run
 * with {@link dev.weft.turn.TurnServer}, hand out time-limited credentials with
 * {@link dev.weft.turn.TurnCredentials}, inspect and end sessions through {@link dev.weft.turn.AllocationInfo}
 * and {@link dev.weft.turn.TurnServer#terminate(String)}.
 *
 * <p>Everything in {@code dev.weft.turn.internal} is implementation and may change. See {@code docs/turn.md}.
 */
package dev.weft.turn;
