package dev.weft.node.classic;

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
public final class ClassicHub {
    private static final Logger log = LoggerFactory.getLogger(ClassicHub.class);

    private final ConcurrentHashMap<String, ClassicSession> users = new ConcurrentHashMap<>();

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
        if (target == null) {
            s.send(ClassicMessages.error("User not found: " + (m.name() == null ? "undefined" : m.name())));
            return;
        }
        switch (m.kind()) {
            case OFFER:
                s.otherName = target.name;
                target.send(ClassicMessages.offer(frame, m.valueOffset(), m.valueLength(), s.name));
                break;
            case ANSWER:
                s.otherName = target.name;
                target.send(ClassicMessages.answer(frame, m.valueOffset(), m.valueLength()));
                break;
            case CANDIDATE:
                target.send(ClassicMessages.candidate(frame, m.valueOffset(), m.valueLength()));
                break;
            default:
                // leave: end the call on both sides; both stay logged in.
                if (s.name.equals(target.otherName)) {
                    target.otherName = null;
                }
                s.otherName = null;
                target.send(ClassicMessages.leave());
        }
    }

    void onClose(ClassicSession s) {
        String name = s.name;
        if (name == null) {
            return;
        }
        users.remove(name, s);
        String other = s.otherName;
        if (other != null) {
            ClassicSession partner = users.get(other);
            if (partner != null) {
                partner.otherName = null;
                partner.send(ClassicMessages.leave());
            }
        }
        log.debug("classic logout {}", name);
    }
}
