package dev.weft.node;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One RTCIceServer entry handed to clients. Parsed from the {@code --ice-server} flag, whose form is a STUN or
 * TURN URI (RFC 7064 / RFC 7065) with optional credentials before the host:
 * {@code stun:host[:port]}, {@code turn:[user:password@]host[:port][?transport=udp|tcp]}, {@code turns:...}.
 *
 * @param url        the URI without credentials, as RTCIceServer.urls
 * @param username   TURN username or null
 * @param credential TURN password or null
 */
public record IceServer(String url, String username, String credential) {
    private static final Pattern FORM = Pattern.compile(
            "(stuns?|turns?):(?:([^:@\\s]+):([^@\\s]+)@)?([A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+\\])(?::(\\d{1,5}))?"
                    + "(\\?transport=(?:udp|tcp))?");

    /** Parses the flag form; throws IllegalArgumentException with a one-line reason. */
    public static IceServer parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a stun:/turn: URI"
                    + " (example: turn:user:pass@turn.example.com:3478?transport=udp)");
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        if (m.group(5) != null) {
            int port = Integer.parseInt(m.group(5));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port in '" + text + "' must be 1-65535");
            }
        }
        boolean turn = scheme.startsWith("turn");
        if (!turn && (m.group(2) != null || m.group(6) != null)) {
            throw new IllegalArgumentException("stun: URIs take no credentials or transport: '" + text + "'");
        }
        String url = scheme + ":" + m.group(4) + (m.group(5) != null ? ":" + m.group(5) : "")
                + (m.group(6) != null ? m.group(6) : "");
        return new IceServer(url, m.group(2), m.group(3));
    }
}
