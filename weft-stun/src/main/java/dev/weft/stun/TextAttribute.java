package dev.weft.stun;

import java.nio.charset.StandardCharsets;

/**
 * A STUN attribute whose value is UTF-8 text (USERNAME, REALM, NONCE, SOFTWARE): the encoding is the same for
 * all of them; each type keeps its own limit and decoder (see {@link TextCodec}).
 */
interface TextAttribute extends StunAttribute {
    /** The text. */
    String value();

    @Override
    default int valueLength() {
        return value().getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    default void writeValue(byte[] dst, int off, TransactionId transactionId) {
        byte[] b = value().getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, dst, off, b.length);
    }
}
