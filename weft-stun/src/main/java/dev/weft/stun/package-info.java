/**
 * The STUN and TURN wire format: messages, attributes, integrity and ChannelData framing.
 *
 * <p>Follows RFC 8489 (STUN, with RFC 5389 compatibility), RFC 8656 (TURN) and RFC 5769 (test vectors).
 * No I/O and no dependencies: everything works on {@code byte[]} or {@link java.nio.ByteBuffer} slices.
 *
 * <ul>
 *   <li>{@link dev.weft.stun.StunMessage#decode(byte[])} parses a message; {@link dev.weft.stun.StunParseException}
 *       is the only exception a decoder throws.</li>
 *   <li>{@link dev.weft.stun.StunMessageBuilder} writes one; each attribute type writes only its value.</li>
 *   <li>One small type per attribute ({@link dev.weft.stun.Lifetime}, {@link dev.weft.stun.XorPeerAddress}, ...)
 *       with {@code decode}, {@code getFrom(message)} and a named size.</li>
 *   <li>Open registries ({@link dev.weft.stun.StunMethod}, {@link dev.weft.stun.AttributeType},
 *       {@link dev.weft.stun.ErrorCode}) are value classes whose {@code valueOf(int)} keeps unknown codes.</li>
 *   <li>The relay hot path uses {@link dev.weft.stun.ChannelData}, {@link dev.weft.stun.SendIndicationView} and
 *       {@link dev.weft.stun.DataIndicationWriter}, which allocate nothing.</li>
 * </ul>
 */
package dev.weft.stun;
