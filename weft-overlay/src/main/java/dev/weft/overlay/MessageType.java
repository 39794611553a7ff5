package dev.weft.overlay;

/** The overlay's message types (docs/overlay.md, "Messages"). */
public enum MessageType {
    /** First message on a link, both ways: who I am, which nodes I know. */
    HELLO("hello"),
    /** Second message on a link, both ways: {@code body.sig} signs the other side's hello nonce. */
    AUTH("auth"),
    /** A refused message or link: {@code body {code, message}}, {@code re} names the request. */
    ERROR("error"),
    /** Request: make me your neighbour in {@code group}. */
    JOIN("join"),
    /** Answer to join. */
    JOINED("joined"),
    /** I am no longer your neighbour in {@code group}. */
    LEAVE("leave"),
    /** Request over "/": a route to a member of {@code body.group} within {@code ttl} hops. */
    ROUTE("route"),
    /** Answer: {@code body.route}, the peers from the answerer to the member. */
    ROUTE_OK("route-ok"),
    /** Answer: no member found (or the query already passed here). */
    ROUTE_NONE("route-none"),
    /** Request: your neighbours in {@code group}. */
    MEMBERS("members"),
    /** Answer: {@code body.peers}. */
    MEMBERS_OK("members-ok"),
    /** A message from {@code from} to {@code to} relayed hop by hop along {@code body.route}. */
    SIGNAL("signal"),
    /** A group broadcast, flooded to the group's neighbours, delivered once per peer. */
    BCAST("bcast"),
    /** Lazy push (Plumtree): {@code body.ids}, broadcasts the sender has. */
    IHAVE("ihave"),
    /** Pull (Plumtree): send me {@code body.ids}, and push eagerly to me from now on. */
    GRAFT("graft"),
    /** Push lazily to me from now on (I got a duplicate from you). */
    PRUNE("prune"),
    /** DHT request: the closest nodes to {@code body.key}. */
    DHT_FIND("dht-find"),
    /** DHT answer: {@code body.peers}. */
    DHT_NODES("dht-nodes"),
    /** DHT request: the records under {@code body.key} (and the closest nodes). */
    DHT_GET("dht-get"),
    /** DHT answer: {@code body.recs}, {@code body.peers}. */
    DHT_VALS("dht-vals"),
    /** DHT request: store {@code body.rec} under {@code body.key}. */
    DHT_PUT("dht-put"),
    /** DHT answer: stored. */
    DHT_OK("dht-ok");

    private final String wire;

    MessageType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static MessageType of(String wire) {
        for (MessageType t : values()) {
            if (t.wire.equals(wire)) {
                return t;
            }
        }
        return null;
    }
}
