// Peer scoring (docs/overlay.md, "Peer scoring"), GossipSub-like: a score per linked peer starting at 0,
// regaining SCORE_RECOVERY_PER_S per second up to 0, lowered by the penalties of constants.js. Below
// BAN_SCORE the peer gets `error BANNED`, its link closes and its id is refused for BAN_MS. A failed auth
// bans at once. weft.js cannot see the IP address behind a WebRTC DataChannel, so the anti-Sybil address
// rules (ids sharing an address share a fate) run on nodes only.
import * as C from './constants.js';

export class Scores {
  /** @param {import('./overlay.js').Overlay} o */
  constructor(o) {
    this.o = o;
    /** @type {Map<string, number>} id → refused until (clock ms) */
    this.bans = new Map();
  }

  /** The current score of a link's peer (recovery applied). */
  score(pl) {
    const now = this.o.clock.now();
    pl.score = Math.min(0, pl.score + ((now - pl.scoredAt) / 1000) * C.SCORE_RECOVERY_PER_S);
    pl.scoredAt = now;
    return pl.score;
  }

  /** Lowers the score of a linked peer; bans it below the threshold. No effect before auth (no proven id). */
  penalize(pl, points, why) {
    if (!pl.peer || !this.o.links.has(pl.link)) return;
    if (this.score(pl) - points >= C.BAN_SCORE) {
      pl.score -= points;
      return;
    }
    pl.score -= points;
    this.ban(pl.peer.id);
    this.o._refuse(pl, 'BANNED', `score below ${C.BAN_SCORE} (last: ${why}); refused for ${C.BAN_MS / 60000} minutes`);
  }

  ban(id) {
    if (this.bans.size >= 10_000) this.bans.delete(this.bans.keys().next().value);
    this.bans.set(id, this.o.clock.now() + C.BAN_MS);
  }

  banned(id) {
    const until = this.bans.get(id);
    if (until === undefined) return false;
    if (this.o.clock.now() < until) return true;
    this.bans.delete(id);
    return false;
  }
}
