package dev.weft.turn.internal;

import dev.weft.stun.AttributeType;
import dev.weft.stun.BindingResponder;
import dev.weft.stun.ErrorCode;
import dev.weft.stun.Fingerprint;
import dev.weft.stun.MessageClass;
import dev.weft.stun.MessageType;
import dev.weft.stun.StunHeader;
import dev.weft.stun.StunMessage;
import dev.weft.stun.StunMethod;
import dev.weft.stun.StunParseException;
import dev.weft.stun.XorMappedAddress;
import dev.weft.turn.internal.TurnMetrics.Drop;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The STUN control path (RFC 8489 Section 6.3, RFC 8656 Sections 5-12): decodes a request, authenticates it,
 * checks for unknown comprehension-required attributes and dispatches by method. Send indications go to the
 * allocation-free relay path before any decoding.
 */
final class RequestProcessor {
    private static final int SEND_INDICATION = MessageType.SEND_INDICATION.encode();
    private static final int BINDING_REQUEST = MessageType.BINDING_REQUEST.encode();
    /** Comprehension-required attributes the server understands in TURN requests (DONT-FRAGMENT is not one). */
    private static final boolean[] UNDERSTOOD = new boolean[0x8000];
    /** ... and in Binding requests. */
    private static final boolean[] UNDERSTOOD_BINDING = new boolean[0x8000];

    static {
        for (AttributeType t : List.of(AttributeType.USERNAME, AttributeType.MESSAGE_INTEGRITY,
                AttributeType.MESSAGE_INTEGRITY_SHA256, AttributeType.REALM, AttributeType.NONCE, AttributeType.USERHASH,
                AttributeType.LIFETIME, AttributeType.REQUESTED_TRANSPORT, AttributeType.XOR_PEER_ADDRESS,
                AttributeType.CHANNEL_NUMBER, AttributeType.EVEN_PORT, AttributeType.RESERVATION_TOKEN,
                AttributeType.REQUESTED_ADDRESS_FAMILY, AttributeType.DATA)) {
            UNDERSTOOD[t.code()] = true;
        }
        for (AttributeType t : List.of(AttributeType.USERNAME, AttributeType.MESSAGE_INTEGRITY,
                AttributeType.MESSAGE_INTEGRITY_SHA256, AttributeType.PRIORITY, AttributeType.USE_CANDIDATE)) {
            UNDERSTOOD_BINDING[t.code()] = true;
        }
    }

    private final TurnService service;
    private final FastThreadLocal<BindingResponder> binding;
    private final NonceService nonces;
    private final Authenticator auth;
    private final Responses responses;
    private final ErrorResponder errors;
    private final AllocateProcessor allocate;
    private final AllocationRequests requests;

    RequestProcessor(TurnService service) {
        this.service = service;
        String software = service.config.software();
        this.binding = new FastThreadLocal<>() {
            @Override
            protected BindingResponder initialValue() {
                return new BindingResponder(software);
            }
        };
        this.nonces = new NonceService(service.clock, service.config.nonceLifetime());
        this.auth = new Authenticator(service.config, nonces);
        this.responses = new Responses(service.config.software());
        this.errors = new ErrorResponder(service.config.realm(), nonces, responses, service.metrics);
        this.allocate = new AllocateProcessor(service, responses);
        this.requests = new AllocationRequests(service, responses);
    }

    /**
     * The answer to a plain Binding request, written without building message objects, or null if {@code buf}
     * is anything else (which then goes to {@link #onPacket}). Does not take ownership of {@code buf}.
     */
    ByteBuf fastBinding(ByteBuf buf, InetSocketAddress client, ByteBufAllocator alloc) {
        int len = buf.readableBytes();
        if (len < StunHeader.SIZE || len > 0x10000 || buf.getUnsignedShort(buf.readerIndex()) != BINDING_REQUEST) {
            return null;
        }
        Scratch scratch = Scratch.get();
        buf.getBytes(buf.readerIndex(), scratch.bytes, 0, len);
        BindingResponder responder = binding.get();
        if (!responder.isPlainBindingRequest(scratch.bytes, 0, len)) {
            return null;
        }
        int n = responder.writeSuccess(scratch.bytes, 0, client.getAddress().getAddress(), client.getPort(),
                scratch.bytes, len);
        service.metrics.bindingRequest();
        return alloc.directBuffer(n).writeBytes(scratch.bytes, len, n);
    }

    /** Handles one packet that is not ChannelData; does not take ownership of {@code buf}. */
    void onPacket(ClientLink link, ByteBuf buf) {
        int ri = buf.readerIndex();
        int len = buf.readableBytes();
        if (len >= StunHeader.SIZE && buf.getUnsignedShort(ri) == SEND_INDICATION) {
            Allocation a = service.allocation(link.key());
            if (a == null) {
                service.metrics.drop(Drop.NO_ALLOCATION);
            } else {
                service.relay.fromClientSend(a, buf.retain());
            }
            return;
        }
        byte[] bytes = new byte[len];
        buf.getBytes(ri, bytes);
        StunMessage m;
        try {
            m = StunMessage.decode(bytes);
        } catch (StunParseException e) {
            service.metrics.drop(Drop.MALFORMED);
            return;
        }
        byte[] response = process(link, m);
        if (response != null) {
            send(link, response);
        }
    }

    static void send(ClientLink link, byte[] response) {
        link.write(Unpooled.wrappedBuffer(response));
        link.flush();
    }

    /** The response to a request, or null when there is none (yet). */
    byte[] process(ClientLink link, StunMessage m) {
        if (m.messageClass() != MessageClass.REQUEST || (Fingerprint.isPresent(m) && !Fingerprint.check(m))) {
            // Responses, stray indications and messages with a bad FINGERPRINT are dropped (RFC 8489 Section 6.3).
            service.metrics.drop(Drop.MALFORMED);
            return null;
        }
        InetAddress client = link.fiveTuple().client().getAddress();
        Authenticator.Principal who = null;
        try {
            StunMethod method = m.method();
            if (method.equals(StunMethod.BINDING)) {
                checkUnknown(m, UNDERSTOOD_BINDING);
                service.metrics.bindingRequest();
                return responses.success(m, null, new XorMappedAddress(link.fiveTuple().client()));
            }
            if (!isTurnRequest(method)) {
                throw TurnError.of(ErrorCode.BAD_REQUEST, "unknown method " + method + " (RFC 8489 Section 6.3.1)");
            }
            who = auth.authenticate(m, client);
            checkUnknown(m, UNDERSTOOD);
            Allocation current = service.allocation(link.key());
            if (method.equals(StunMethod.ALLOCATE)) {
                return allocate.allocate(link, m, who, current);
            }
            if (current == null || !current.ready) {
                throw TurnError.of(ErrorCode.ALLOCATION_MISMATCH, "no allocation for this 5-tuple (RFC 8656 Section 5)");
            }
            if (!current.username.equals(who.username())) {
                throw TurnError.of(ErrorCode.WRONG_CREDENTIALS,
                        "credentials differ from the ones that made the allocation (RFC 8656 Section 5)");
            }
            if (method.equals(StunMethod.REFRESH)) {
                return requests.refresh(m, who, current);
            } else if (method.equals(StunMethod.CREATE_PERMISSION)) {
                return requests.createPermission(m, who, current);
            } else {
                return requests.channelBind(m, who, current);
            }
        } catch (TurnError e) {
            return errors.respond(m, e, client, who);
        } catch (StunParseException e) {
            return errors.respond(m, TurnError.of(ErrorCode.BAD_REQUEST, e.getMessage()), client, who);
        }
    }

    /** The error response for a refusal found after the request was accepted (asynchronous Allocate). */
    byte[] refuse(StunMessage m, TurnError e, ClientLink link, Authenticator.Principal who) {
        return errors.respond(m, e, link.fiveTuple().client().getAddress(), who);
    }

    private static boolean isTurnRequest(StunMethod method) {
        return method.equals(StunMethod.ALLOCATE) || method.equals(StunMethod.REFRESH)
                || method.equals(StunMethod.CREATE_PERMISSION) || method.equals(StunMethod.CHANNEL_BIND);
    }

    private static void checkUnknown(StunMessage m, boolean[] understood) throws TurnError {
        List<AttributeType> unknown = m.unknownComprehensionRequired(code -> understood[code]);
        if (!unknown.isEmpty()) {
            throw TurnError.unknownAttributes(unknown);
        }
    }
}
