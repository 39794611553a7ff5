// The arena's round rules (the Create-server form's score limit and time limit, as Teeworlds has them): a
// player scores a point per star collected; the round ends when someone reaches the score limit, or when the
// time limit (minutes; 0 = none) runs out, won by the best score (a tie at the top is a draw). RESTART_MS after
// the end a new round starts with every score at 0. Pure: the host passes the time in.

/** How long the result stays on screen before the next round. */
export const RESTART_MS = 8000;

export class Round {
  /**
   * @param {{scoreLimit: number, timeLimit: number}} limits score limit ≥ 1; time limit in minutes, 0 = none
   * @param {number} now ms
   */
  constructor(limits, now) {
    this.scoreLimit = Math.max(1, Math.floor(limits.scoreLimit) || 1);
    this.timeLimitMs = Math.max(0, Number(limits.timeLimit) || 0) * 60000;
    /** rounds played so far, this one included */
    this.number = 0;
    this._start(now);
  }

  _start(now) {
    this.number++;
    this.startedAt = now;
    this.over = false;
    /** @type {number|null} the winner's player id (null: a draw, or still playing) */
    this.winner = null;
    /** @type {'score'|'time'|null} */
    this.reason = null;
    this.endedAt = null;
    /** @type {Map<number, number>} */
    this.scores = new Map();
  }

  score(id) {
    return this.scores.get(id) ?? 0;
  }

  /** A point for `id`; false once the round is over. Ends the round at the score limit. */
  addPoint(id, now) {
    if (this.over) return false;
    const s = this.score(id) + 1;
    this.scores.set(id, s);
    if (s >= this.scoreLimit) this._end('score', id, now);
    return true;
  }

  /** Forgets a player who left. */
  remove(id) {
    this.scores.delete(id);
  }

  /**
   * Advances the clock: ends the round at the time limit, starts the next one RESTART_MS after an end.
   * @returns {'ended'|'restarted'|null} what happened
   */
  tick(now) {
    if (!this.over && this.timeLimitMs > 0 && now - this.startedAt >= this.timeLimitMs) {
      this._end('time', this.leader(), now);
      return 'ended';
    }
    if (this.over && now - this.endedAt >= RESTART_MS) {
      this._start(now);
      return 'restarted';
    }
    return null;
  }

  /** The one player with the best score above 0, or null (nobody scored, or a tie at the top). */
  leader() {
    let best = 0;
    let who = null;
    for (const [id, s] of this.scores) {
      if (s > best) {
        best = s;
        who = id;
      } else if (s === best) {
        who = null;
      }
    }
    return who;
  }

  /** ms left before the time limit (null without one; 0 once over). */
  timeLeft(now) {
    if (this.timeLimitMs === 0) return null;
    return this.over ? 0 : Math.max(0, this.timeLimitMs - (now - this.startedAt));
  }

  _end(reason, winner, now) {
    this.over = true;
    this.reason = reason;
    this.winner = winner;
    this.endedAt = now;
  }
}
