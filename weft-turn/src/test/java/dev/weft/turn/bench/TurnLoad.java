package dev.weft.turn.bench;

import dev.weft.stun.ChannelNumber;
import dev.weft.stun.ErrorCodeAttribute;
import dev.weft.stun.LongTermKey;
import dev.weft.stun.MessageClass;
import dev.weft.stun.MessageType;
import dev.weft.stun.Nonce;
import dev.weft.stun.Realm;
import dev.weft.stun.RequestedTransport;
import dev.weft.stun.StunAttribute;
import dev.weft.stun.StunMessage;
import dev.weft.stun.StunMessageBuilder;
import dev.weft.stun.StunMethod;
import dev.weft.stun.TransactionId;
import dev.weft.stun.Username;
import dev.weft.stun.XorPeerAddress;
import dev.weft.stun.XorRelayedAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark client: the same load for any TURN server on 127.0.0.1.
 *
 * <p>Relay test: {@code sessions} allocations, each with a channel bound to an echo socket owned by this process.
 * Each session keeps {@code window} ChannelData packets in flight: client -> server -> relay -> echo -> relay ->
 * server -> client. One round trip is two relayed packets. A packet not back within 50 ms counts as lost and its
 * slot is sent again, so loss does not stall the loop. Binding test: {@code sessions} sockets keep
 * {@code window} Binding requests in flight each.
 *
 * <p>Usage: {@code TurnLoad <port> <user> <password> <realm> <relay|binding> <payload-bytes> <seconds> [sessions]
 * [window] [server-pid]}. With a server PID it also reports the server's CPU time (user + system, all threads, from
 * /proc) during the measured seconds, per relayed packet or Binding response. Prints one line starting with
 * {@code RESULT}.
 */
public final class TurnLoad {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();

    private final InetSocketAddress server;
    private final String user;
    private final String password;
    private long serverPid;
    private long cpuStart;

    private TurnLoad(int port, String user, String password) {
        this.server = new InetSocketAddress(LO, port);
        this.user = user;
        this.password = password;
    }

    public static void main(String[] a) throws Exception {
        TurnLoad load = new TurnLoad(Integer.parseInt(a[0]), a[1], a[2]);
        String test = a[4];
        int size = Integer.parseInt(a[5]);
        double seconds = Double.parseDouble(a[6]);
        int sessions = a.length > 7 ? Integer.parseInt(a[7]) : 4;
        int window = a.length > 8 ? Integer.parseInt(a[8]) : 32;
        load.serverPid = a.length > 9 ? Long.parseLong(a[9]) : 0;
        if (test.equals("relay")) {
            load.relay(size, seconds, sessions, window);
        } else {
            load.binding(seconds, sessions, window);
        }
    }

    private final class Session {
        DatagramChannel ch;
        byte[] key;
        String nonce;
        String realm;
        int channel;
        long inflight;
        long lastReceive;

        byte[] signed(StunMethod method, StunAttribute... attrs) {
            StunMessageBuilder b = new StunMessageBuilder(new MessageType(method, MessageClass.REQUEST), TransactionId.random());
            for (StunAttribute x : attrs) {
                b.add(x);
            }
            return b.add(new Username(user)).add(new Realm(realm)).add(new Nonce(nonce)).addMessageIntegrity(key)
                    .addFingerprint().build();
        }
    }

    private Session open(InetSocketAddress peer, int channel) throws Exception {
        Session s = new Session();
        s.ch = DatagramChannel.open();
        s.ch.bind(new InetSocketAddress(LO, 0)).connect(server);
        s.ch.socket().setReceiveBufferSize(4 << 20);
        s.ch.socket().setSendBufferSize(4 << 20);
        s.channel = channel;
        StunMessage challenge = blockingExchange(s, StunMessageBuilder.build(MessageType.ALLOCATE_REQUEST,
                TransactionId.random(), new RequestedTransport(17)));
        s.realm = Realm.getFrom(challenge).value();
        s.nonce = Nonce.getFrom(challenge).value();
        s.key = LongTermKey.md5(user, s.realm, password);
        StunMessage allocated = blockingExchange(s, s.signed(StunMethod.ALLOCATE, new RequestedTransport(17)));
        check(allocated, "Allocate");
        XorRelayedAddress relayed = XorRelayedAddress.getFrom(allocated);
        check(blockingExchange(s, s.signed(StunMethod.CHANNEL_BIND, new ChannelNumber(channel), new XorPeerAddress(peer))),
                "ChannelBind");
        s.ch.configureBlocking(false);
        System.err.println("session relayed " + relayed.address() + " channel 0x" + Integer.toHexString(channel));
        return s;
    }

    private StunMessage blockingExchange(Session s, byte[] req) throws Exception {
        // DatagramChannel reads block without a timeout, so poll with a selector instead.
        try (Selector sel = Selector.open()) {
            s.ch.configureBlocking(false);
            s.ch.register(sel, SelectionKey.OP_READ);
            ByteBuffer in = ByteBuffer.allocate(4096);
            TransactionId tx = StunMessage.decode(req).transactionId();
            for (int attempt = 0; attempt < 10; attempt++) {
                s.ch.write(ByteBuffer.wrap(req));
                long deadline = System.nanoTime() + 1_000_000_000L;
                while (System.nanoTime() < deadline) {
                    if (sel.select(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)) == 0) {
                        continue;
                    }
                    sel.selectedKeys().clear();
                    in.clear();
                    if (s.ch.read(in) <= 0) {
                        continue;
                    }
                    byte[] b = new byte[in.flip().remaining()];
                    in.get(b);
                    StunMessage m = StunMessage.decode(b);
                    if (m.transactionId().equals(tx)) {
                        return m; // answers to earlier retransmissions are skipped
                    }
                }
            }
            throw new IOException("no answer from " + server);
        }
    }

    /** Server CPU time in clock ticks (utime + stime of /proc/PID/stat), or 0 without a PID. */
    private long cpuTicks() throws IOException {
        if (serverPid <= 0) {
            return 0;
        }
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + serverPid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private String cpu(double seconds, double packets) throws IOException {
        if (serverPid <= 0) {
            return "";
        }
        double cpuSeconds = (cpuTicks() - cpuStart) / 100.0;
        return String.format(" server_cpu_s=%.2f server_cpu_pct=%.0f server_us_per_pkt=%.2f", cpuSeconds,
                100 * cpuSeconds / seconds, 1e6 * cpuSeconds / packets);
    }

    private static void check(StunMessage m, String what) throws Exception {
        if (m.messageClass() != MessageClass.SUCCESS_RESPONSE) {
            throw new IOException(what + " failed: " + ErrorCodeAttribute.getFrom(m));
        }
    }

    private void relay(int size, double seconds, int sessions, int window) throws Exception {
        DatagramChannel echo = DatagramChannel.open().bind(new InetSocketAddress(LO, 0));
        echo.socket().setReceiveBufferSize(8 << 20);
        echo.socket().setSendBufferSize(8 << 20);
        InetSocketAddress peer = (InetSocketAddress) echo.getLocalAddress();
        List<Session> list = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            list.add(open(peer, 0x4000 + i));
        }
        echo.configureBlocking(false);
        Selector sel = Selector.open();
        echo.register(sel, SelectionKey.OP_READ, null);
        // Each session has `window` slots; a slot's packet carries its number, so an echo frees that slot and a
        // slot whose packet has not come back within 50 ms counts as lost and is sent again.
        ByteBuffer[][] frames = new ByteBuffer[sessions][window];
        long[][] sentAt = new long[sessions][window];
        for (int i = 0; i < sessions; i++) {
            Session s = list.get(i);
            s.ch.register(sel, SelectionKey.OP_READ, s);
            for (int w = 0; w < window; w++) {
                ByteBuffer f = ByteBuffer.allocateDirect(4 + size);
                f.putShort((short) s.channel).putShort((short) size).putShort((short) w);
                while (f.hasRemaining()) {
                    f.put((byte) 0x5A);
                }
                frames[i][w] = f.flip();
            }
        }
        ByteBuffer buf = ByteBuffer.allocateDirect(65536);
        long start = System.nanoTime();
        long warmupEnd = start + 1_000_000_000L;
        long end = warmupEnd + (long) (seconds * 1e9);
        long counted = 0;
        long lost = 0;
        long echoed = 0;
        boolean measuring = false;
        long lastScan = 0;
        long now = start;
        while (now < end) {
            if (!measuring && now >= warmupEnd) {
                measuring = true;
                counted = 0;
                lost = 0;
                cpuStart = cpuTicks();
            }
            if (now - lastScan > 1_000_000L) {
                lastScan = now;
                for (int i = 0; i < sessions; i++) {
                    for (int w = 0; w < window; w++) {
                        long t = sentAt[i][w];
                        if (t == 0 || now - t > 50_000_000L) {
                            if (t != 0) {
                                lost++;
                            }
                            sentAt[i][w] = list.get(i).ch.write(frames[i][w].duplicate()) > 0 ? now : 0;
                        }
                    }
                }
            }
            sel.select(1);
            for (SelectionKey k : sel.selectedKeys()) {
                if (k.attachment() == null) {
                    for (int n = 0; n < 256; n++) {
                        buf.clear();
                        var from = echo.receive(buf);
                        if (from == null) {
                            break;
                        }
                        echo.send(buf.flip(), from);
                        echoed++;
                    }
                } else {
                    Session s = (Session) k.attachment();
                    int i = s.channel - 0x4000;
                    for (int n = 0; n < 256; n++) {
                        buf.clear();
                        if (s.ch.read(buf) < 6) {
                            break;
                        }
                        int w = buf.getShort(4);
                        if (w >= 0 && w < window && sentAt[i][w] != 0) {
                            counted++;
                            sentAt[i][w] = s.ch.write(frames[i][w].duplicate()) > 0 ? System.nanoTime() : 0;
                        }
                    }
                }
            }
            sel.selectedKeys().clear();
            now = System.nanoTime();
        }
        double rtps = counted / seconds;
        double pps = 2 * rtps;
        String cpu = cpu(seconds, 2.0 * counted);
        System.out.printf("RESULT test=relay size=%d sessions=%d window=%d seconds=%.1f roundtrips=%d "
                        + "roundtrips_per_s=%.0f relayed_pps=%.0f relayed_mbit_s=%.1f lost=%d echoed_total=%d%s%n",
                size, sessions, window, seconds, counted, rtps, pps, pps * size * 8 / 1e6, lost, echoed, cpu);
    }

    private void binding(double seconds, int sessions, int window) throws Exception {
        Selector sel = Selector.open();
        List<DatagramChannel> chans = new ArrayList<>();
        ByteBuffer request = ByteBuffer.allocateDirect(20);
        request.put(StunMessageBuilder.build(MessageType.BINDING_REQUEST, TransactionId.random())).flip();
        for (int i = 0; i < sessions; i++) {
            DatagramChannel ch = DatagramChannel.open().bind(new InetSocketAddress(LO, 0));
            ch.connect(server).configureBlocking(false);
            ch.register(sel, SelectionKey.OP_READ, ch);
            chans.add(ch);
        }
        long[] inflight = new long[sessions];
        long[] last = new long[sessions];
        ByteBuffer buf = ByteBuffer.allocateDirect(2048);
        long warmupEnd = System.nanoTime() + 1_000_000_000L;
        long end = warmupEnd + (long) (seconds * 1e9);
        long counted = 0;
        boolean measuring = false;
        long now = System.nanoTime();
        while (now < end) {
            if (!measuring && now >= warmupEnd) {
                measuring = true;
                counted = 0;
                cpuStart = cpuTicks();
            }
            for (int i = 0; i < sessions; i++) {
                if (inflight[i] == 0 || now - last[i] > 20_000_000L) {
                    inflight[i] = 0;
                    last[i] = now;
                    for (int w = 0; w < window; w++) {
                        if (chans.get(i).write(request.duplicate()) > 0) {
                            inflight[i]++;
                        }
                    }
                }
            }
            sel.select(5);
            for (SelectionKey k : sel.selectedKeys()) {
                DatagramChannel ch = (DatagramChannel) k.attachment();
                int i = chans.indexOf(ch);
                for (int n = 0; n < 256; n++) {
                    buf.clear();
                    if (ch.read(buf) <= 0) {
                        break;
                    }
                    counted++;
                    last[i] = System.nanoTime();
                    if (ch.write(request.duplicate()) <= 0) {
                        inflight[i]--;
                    }
                }
            }
            sel.selectedKeys().clear();
            now = System.nanoTime();
        }
        String cpu = cpu(seconds, counted);
        System.out.printf("RESULT test=binding sessions=%d window=%d seconds=%.1f responses=%d binding_per_s=%.0f%s%n",
                sessions, window, seconds, counted, counted / seconds, cpu);
    }
}
