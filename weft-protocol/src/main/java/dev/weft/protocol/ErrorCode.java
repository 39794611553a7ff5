package dev.weft.protocol;

/**
 * Stable error codes the node sends in {@code {"type":"error","code":...}} messages and close reasons.
 * The list is mirrored in {@code spec/error-codes.json} and {@code docs/protocol.md}; a test keeps all three equal.
 * Codes are never renamed or reused: clients switch on them.
 */
public enum ErrorCode {
    /** The frame is not a JSON object. */
    INVALID_JSON("the message is not a JSON object"),
    /** A field is missing, of the wrong JSON type, or outside its limits. */
    INVALID_MESSAGE("a field is missing, has the wrong type or breaks a limit"),
    /** The {@code type} is not one this endpoint knows. */
    UNKNOWN_TYPE("unknown message type"),
    /** A binary frame arrived where only JSON text is accepted. */
    UNSUPPORTED_FRAME("binary frames are not accepted on this endpoint"),
    /** An id does not match the id rules (1-64 of [A-Za-z0-9_-], starting with a letter or digit). */
    INVALID_ID("the id breaks the id rules"),
    /** A token does not match the token rules (16-128 printable ASCII characters, no spaces). */
    INVALID_TOKEN("the token breaks the token rules"),
    /** The id is registered, or reserved for reclaim, under a different token. */
    ID_TAKEN("the id is taken by another client"),
    /** The socket sent a message that needs a registration before registering. */
    NOT_REGISTERED("register before sending this message"),
    /** The socket is already registered. */
    ALREADY_REGISTERED("this socket is already registered"),
    /** The target id is not online on this network. */
    PEER_UNAVAILABLE("the target peer is not online"),
    /** The socket sends faster than the per-connection message rate limit. */
    RATE_LIMITED("too many messages: slow down"),
    /** A message is larger than the node accepts (the socket is closed with 1009). */
    MESSAGE_TOO_LARGE("the message is larger than the node accepts"),
    /** No registration arrived in time after the socket opened. */
    REGISTER_TIMEOUT("no register message arrived in time"),
    /** Nothing arrived from the socket within the heartbeat timeout. */
    HEARTBEAT_TIMEOUT("the connection was silent for too long"),
    /** The same id was reclaimed by a newer connection with the right token. */
    REPLACED("a newer connection took over this id"),
    /** The node has reached its connection limit. */
    SERVER_FULL("the node is at its connection limit"),
    /** The node failed while handling the message; nothing was forwarded. */
    INTERNAL_ERROR("the node failed to handle the message"),
    /** The target may be on another node of the cluster, but the cluster's Redis is unreachable right now. */
    CLUSTER_UNAVAILABLE("the cluster is unreachable from this node; try again shortly"),
    /** Lobby: this peer already publishes as many entries as allowed, or the lobby is full. */
    LOBBY_LIMIT("too many lobby entries"),
    /** Lobby: no entry with this id (never published, removed, or expired). */
    LOBBY_NOT_FOUND("no such lobby entry"),
    /** Lobby: the entry belongs to another peer; only its host may change or remove it. */
    LOBBY_NOT_OWNER("the lobby entry belongs to another peer"),

    // The overlay (docs/overlay.md): sent by any overlay peer, node or not.
    /** The first message on an overlay link must be {@code hello}. */
    HELLO_REQUIRED("send hello before any other overlay message"),
    /** The peer has as many overlay links as it accepts. */
    OVERLAY_FULL("the peer accepts no more overlay links"),
    /** The two peers already have a link; one link per peer pair is kept. */
    DUPLICATE_LINK("these two peers are already linked"),
    /** The group member has as many neighbours in that group as it accepts. */
    GROUP_FULL("the peer has no room for another neighbour in this group"),
    /** No member of the group was found within the route's hop limit. */
    NO_ROUTE("no route to the group or peer was found"),
    /** A relayed message could not go on: the next hop is not linked any more. */
    ROUTE_BROKEN("the next hop of the route is gone"),
    /** A group message for a group the receiver is not in (or a broadcast to "/"). */
    NOT_IN_GROUP("the peer is not in this group"),
    /** The target refused the link (it cannot take this kind of link, or is closing). */
    LINK_REFUSED("the peer refused the link"),
    /** A message other than hello/auth arrived on an overlay link before its proof of possession. */
    AUTH_REQUIRED("the link must prove its key with auth first"),
    /** The auth signature does not verify with the key of the id the peer claimed. */
    AUTH_FAILED("the peer could not prove that it holds the key of its id"),
    /** A signed overlay message (bcast, signal, census) has a missing or wrong signature: dropped. */
    BAD_SIGNATURE("the message signature is missing or does not verify"),
    /** The peer's score fell below the ban threshold (or its address is banned): refused for a while. */
    BANNED("the peer is banned for a while"),
    /** A DHT record is malformed, badly signed, expired or too far in the future. */
    DHT_RECORD_INVALID("the DHT record is invalid");

    private final String description;

    ErrorCode(String description) {
        this.description = description;
    }

    /** A short human sentence for docs and default error messages. */
    public String description() {
        return description;
    }
}
