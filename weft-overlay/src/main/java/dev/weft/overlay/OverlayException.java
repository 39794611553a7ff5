package dev.weft.overlay;

import dev.weft.protocol.ErrorCode;

/** A broken overlay rule: becomes an {@code error} message with the code (docs/overlay.md, "Errors"). */
public final class OverlayException extends Exception {
    private final ErrorCode code;

    public OverlayException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
