package dev.weft.node.cluster;

import dev.weft.node.signal.PeerDirectory.Parcel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A parcel as a pub/sub message: one kind letter and five header lines (space, to, from, ref, origin; empty
 * for null), then the frame bytes untouched. Ids, spaces and refs never contain a newline (every protocol's
 * id rules exclude control characters), so the header needs no escaping.
 */
final class ParcelCodec {
    /** A message for a local id. */
    static final byte DELIVER = 'D';
    /** A parcel sent back to its origin: the target was not on the node the registry named. */
    static final byte BOUNCE = 'B';
    /** The id named in {@code to} was taken over by another node. */
    static final byte LOST = 'L';

    private ParcelCodec() {
    }

    /** A decoded message: its kind and parcel. */
    record Message(byte kind, Parcel parcel) {
    }

    static byte[] encode(byte kind, Parcel p) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + (p.frame() == null ? 0 : p.frame().length));
        out.write(kind);
        out.write('\n');
        for (String s : new String[] {p.space(), p.to(), p.from(), p.ref(), p.origin()}) {
            byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
            out.write('\n');
        }
        if (p.frame() != null) {
            out.write(p.frame(), 0, p.frame().length);
        }
        return out.toByteArray();
    }

    /** Decodes a message; null when it is not one (another publisher on the channel). */
    static Message decode(byte[] m) {
        if (m.length < 7 || m[1] != '\n') {
            return null;
        }
        String[] fields = new String[5];
        int pos = 2;
        for (int i = 0; i < 5; i++) {
            int end = pos;
            while (end < m.length && m[end] != '\n') {
                end++;
            }
            if (end >= m.length) {
                return null;
            }
            String s = new String(m, pos, end - pos, StandardCharsets.UTF_8);
            fields[i] = s.isEmpty() ? null : s;
            pos = end + 1;
        }
        byte[] frame = new byte[m.length - pos];
        System.arraycopy(m, pos, frame, 0, frame.length);
        return new Message(m[0], new Parcel(fields[0], fields[1], fields[2], fields[3], frame, fields[4]));
    }
}
