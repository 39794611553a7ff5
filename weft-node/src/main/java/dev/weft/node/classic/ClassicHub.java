package dev.weft.node.classic;

import dev.weft.node.signal.PeerDirectory;
import dev.weft.protocol.classic.ClassicMessage;
import dev.weft.protocol.classic.ClassicMessages;
import dev.weft.protocol.classic.ClassicNames;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed 003's server logic: {@code users[name] = connection}, login, offer/answer/candidate forwarding by name,
 * leave. Behaves as the seed documents, with its bugs fixed: {@code leave} ends the call instead of
 * unregistering the target, invalid JSON and unknown names get an error instead of silence, a socket must log
 * in before it signals, and a socket holds at most one name.
 */
public final class ClassicHub implements PeerDirectory.Inbox {
    /** The classic protocol's name space in the {@link PeerDirectory}. */
    static final String SPACE = "classic";
    /** Parcel refs that tell the receiving node how a relayed {@code leave} ends the call. */
    private static final String LEAVE = "leave";
    private static final String CLOSED = "closed";
    private static final Logger log = LoggerFactory.getLogger(ClassicHub.class);

    private final ConcurrentHashMap<String, ClassicSession> users = new ConcurrentHashMap<>();
    private volatile PeerDirectory directory = PeerDirectory.LOCAL;

    /** Cluster mode: names are claimed cluster-wide and messages reach names on other nodes. */
    public void useDirectory(PeerDirectory d) {
        directory = d;
        d.inbox(SPACE, this);
    }

    public int size() {
        return users.size();
    }

    void onOpen(ClassicSession s) {
        s.send(ClassicMessages.hello());
    }

    void onMessage(ClassicSession s, ClassicMessage m, byte[] frame) {
        switch (m.kind()) {
            case LOGIN:
                login(s, m.name());
                break;
            case OFFER:
            case ANSWER:
            case CANDIDATE:
            case LEAVE:
                forward(s, m, frame);
                break;
            case INVALID_JSON:
                s.send(ClassicMessages.error("Invalid JSON"));
                break;
            default:
                s.send(ClassicMessages.error("Command not found: " + m.typeText()));
        }
    }

    private void login(ClassicSession s, String name) {
        if (s.name != null) {
            if (s.name.equals(name)) {
                s.send(ClassicMessages.loginOk());
            } else {
                s.send(ClassicMessages.loginFailed("Already logged in as " + s.name));
            }
            return;
        }
        if (!ClassicNames.isValid(name)) {
            s.send(ClassicMessages.loginFailed(
                    "Invalid name: use 1-" + ClassicNames.MAX_LENGTH + " characters without control characters"));
            return;
        }
        if (users.putIfAbsent(name, s) != null) {
            s.send(ClassicMessages.loginFailed(ClassicMessages.DUPLICATE_LOGIN_TEXT));
            return;
        }
        if (!directory.shared()) {
            loggedIn(s, name);
            return;
        }
        directory.claim(SPACE, name, s.token).whenComplete((claim, e) -> s.channel.eventLoop().execute(() -> {
            if (claim == PeerDirectory.Claim.TAKEN || !s.channel.isActive()) {
                users.remove(name, s);
                s.send(ClassicMessages.loginFailed(ClassicMessages.DUPLICATE_LOGIN_TEXT));
                if (claim != PeerDirectory.Claim.TAKEN) {
                    directory.release(SPACE, name, s.token);
                }
                return;
            }
            loggedIn(s, name);
        }));
    }

    private void loggedIn(ClassicSession s, String name) {
        s.name = name;
        log.debug("classic login {}", name);
        s.send(ClassicMessages.loginOk());
    }

    private void forward(ClassicSession s, ClassicMessage m, byte[] frame) {
        if (s.name == null) {
            s.send(ClassicMessages.error("Not logged in"));
            return;
        }
        ClassicSession target = m.name() == null ? null : users.get(m.name());
        if (target == null && m.name() != null && directory.shared()) {
            forwardRemote(s, m, frame);
            return;
        }
        if (target == null) {
            s.send(ClassicMessages.error("User not found: " + (m.name() == null ? "undefined" : m.name())));
            return;
        }
        switch (m.kind()) {
            case OFFER:
                s.otherName = target.name;
                target.relay(ClassicMessages.offer(frame, m.valueOffset(), m.valueLength(), s.name));
                break;
            case ANSWER:
                s.otherName = target.name;
                target.relay(ClassicMessages.answer(frame, m.valueOffset(), m.valueLength()));
                break;
            case CANDIDATE:
                target.relay(ClassicMessages.candidate(frame, m.valueOffset(), m.valueLength()));
                break;
            default:
                // leave: end the call on both sides; both stay logged in.
                if (s.name.equals(target.otherName)) {
                    target.otherName = null;
                }
                s.otherName = null;
                target.relay(ClassicMessages.leave());
        }
    }

    /** Cluster mode: the target name is not here; the frame goes to the node that holds it. */
    private void forwardRemote(ClassicSession s, ClassicMessage m, byte[] frame) {
        String to = m.name();
        byte[] out;
        String kind = null;
        switch (m.kind()) {
            case OFFER:
                out = ClassicMessages.offer(frame, m.valueOffset(), m.valueLength(), s.name);
                break;
            case ANSWER:
                out = ClassicMessages.answer(frame, m.valueOffset(), m.valueLength());
                break;
            case CANDIDATE:
                out = ClassicMessages.candidate(frame, m.valueOffset(), m.valueLength());
                break;
            default:
                out = ClassicMessages.leave();
                kind = LEAVE;
        }
        ClassicMessage.Kind k = m.kind();
        directory.deliver(SPACE, to, s.name, kind, out).whenComplete((d, e) -> {
            if (d == PeerDirectory.Delivery.SENT) {
                if (k == ClassicMessage.Kind.OFFER || k == ClassicMessage.Kind.ANSWER) {
                    s.otherName = to;
                } else if (k == ClassicMessage.Kind.LEAVE) {
                    s.otherName = null;
                }
            } else if (d == PeerDirectory.Delivery.ABSENT) {
                s.send(ClassicMessages.error("User not found: " + to));
            } else {
                s.send(ClassicMessages.error("Cluster unavailable: " + to + " cannot be reached right now"));
            }
        });
    }

    @Override
    public boolean deliver(PeerDirectory.Parcel parcel) {
        ClassicSession target = users.get(parcel.to());
        if (target == null) {
            return false;
        }
        if (CLOSED.equals(parcel.ref())
                || (LEAVE.equals(parcel.ref()) && parcel.from() != null && parcel.from().equals(target.otherName))) {
            target.otherName = null;
        }
        target.send(parcel.frame());
        return true;
    }

    @Override
    public void lost(String name) {
        ClassicSession s = users.get(name);
        if (s != null && users.remove(name, s)) {
            s.name = null;
            s.send(ClassicMessages.error("Logged out: " + name + " logged in on another node"));
        }
    }

    void onClose(ClassicSession s) {
        String name = s.name;
        if (name == null) {
            return;
        }
        if (users.remove(name, s)) {
            directory.release(SPACE, name, s.token);
        }
        String other = s.otherName;
        if (other != null) {
            ClassicSession partner = users.get(other);
            if (partner != null) {
                partner.otherName = null;
                partner.send(ClassicMessages.leave());
            } else if (directory.shared()) {
                directory.deliver(SPACE, other, null, CLOSED, ClassicMessages.leave());
            }
        }
        log.debug("classic logout {}", name);
    }
}
