// The overlay's numbers: the same as weft-overlay's OverlayConstants (docs/overlay.md, "Constants").
export const ROOT = '/';
export const LOW_WATER = 3;
export const HIGH_WATER = 6;
export const FULL = 10;
export const NODE_FULL = 100;
export const ROUTE_TTL = 10;
export const SIGNAL_TTL = 12;
export const ROUTE_CACHE_MS = 60_000;
export const ROUTE_TIMEOUT_MS = 5_000;
export const ROUTE_HOP_TIMEOUT_MS = 400;
export const REQUEST_TIMEOUT_MS = 5_000;
export const LINK_TIMEOUT_MS = 10_000;
export const SEEN_TTL_MS = 600_000;
export const SEEN_MAX = 100_000;
export const MAINTAIN_EVERY_MS = 1_000;
export const MAX_MESSAGE_BYTES = 64 * 1024;
export const MAX_DEPTH = 32;
export const RATE_PER_SECOND = 200;
export const MAX_GROUPS = 64;
export const MAX_KNOWN_NODES = 32;
export const MAX_URL_LENGTH = 256;
export const MAX_MEMBERS = 32;
export const MAX_EXCLUDE = 16;
/** Links a browser keeps at most: well below Chromium's PeerConnection limit. */
export const PEER_MAX_LINKS = 24;
// Issue 5 (docs/overlay.md, "DHT", "Peer scoring").
export const DHT_K = 20;
export const DHT_MAX_RECORDS = 64;
export const DHT_MAX_VIA = 4;
export const RECORD_LIFETIME_MS = 5 * 60_000;
export const REPUBLISH_MS = 2 * 60_000;
export const CLOCK_SKEW_MS = 30_000;
export const BAN_MS = 10 * 60_000;
export const BAN_SCORE = -100;
export const PENALTY_INVALID = 10;
export const PENALTY_OVERSIZED = 20;
export const PENALTY_RATE = 5;
export const PENALTY_UNSOLICITED = 2;
export const PENALTY_BAD_SIGNATURE = 50;
/** Score regained per second, up to 0. */
export const SCORE_RECOVERY_PER_S = 1;
// Plumtree broadcast (docs/overlay.md, "Broadcast scheme").
export const MAX_IHAVE_IDS = 64;
export const GRAFT_WAIT_MS = 500;
export const BCAST_CACHE_MS = 60_000;
export const BCAST_CACHE_MAX = 1000;
