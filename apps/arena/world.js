// The arena's simulation, run only by the hosting tab (the authoritative server). Pure: no DOM, no network.
// Players are boxes that walk, fall and jump onto platforms; fixed time step. Stars wait at fixed spots: a
// player touching one collects it (the host scores it, rules.js) and it comes back elsewhere STAR_RESPAWN_S later.

export const WIDTH = 960;
export const HEIGHT = 540;
export const TICK_HZ = 30;
export const DT = 1 / TICK_HZ;
export const PLAYER_W = 24;
export const PLAYER_H = 32;
const GRAVITY = 1800;
const SPEED = 260;
const JUMP = 640;
const MAX_FALL = 900;

/** Platforms: {x, y, w}; players stand on their top edge. The first is the ground. */
export const PLATFORMS = Object.freeze([
  { x: 0, y: 510, w: 960 },
  { x: 90, y: 400, w: 200 },
  { x: 380, y: 330, w: 200 },
  { x: 670, y: 400, w: 200 },
  { x: 230, y: 230, w: 150 },
  { x: 580, y: 230, w: 150 },
  { x: 410, y: 140, w: 140 },
]);

export const STAR_SIZE = 16;
/** Star centres, none on a spawn point; STARS of them are out at a time. The first ones lie on the way right. */
export const STAR_SPOTS = Object.freeze([
  { x: 255, y: 380 },
  { x: 700, y: 494 },
  { x: 560, y: 310 },
  { x: 850, y: 380 },
  { x: 530, y: 120 },
  { x: 120, y: 494 },
  { x: 250, y: 210 },
]);
const STARS = 3;
const STAR_RESPAWN_S = 2;

const COLORS = ['#e4572e', '#2451c7', '#2e9d4f', '#c99a06', '#8e44ad', '#16a2b8', '#d35400', '#5d6d7e'];

/**
 * @typedef {{left: boolean, right: boolean, jump: boolean}} Input
 * @typedef {{id: number, name: string, color: string, x: number, y: number, vx: number, vy: number,
 *            onGround: boolean, input: Input}} Player
 */

export class World {
  constructor() {
    /** @type {Map<number, Player>} */
    this.players = new Map();
    this.tick = 0;
    this._nextId = 0;
    /** whether touching a star collects it (the host turns it off between rounds) */
    this.collecting = true;
    this.resetStars();
  }

  /** Puts the first STARS stars out at once (a new round). */
  resetStars() {
    /** @type {{spot: number, activeAt: number}[]} */
    this.stars = [];
    for (let i = 0; i < STARS; i++) this.stars.push({ spot: i, activeAt: this.tick });
    this._nextSpot = STARS % STAR_SPOTS.length;
  }

  /** [[x, y], ...] centres of the stars out now. */
  activeStars() {
    return this.stars.filter((st) => st.activeAt <= this.tick).map((st) => [STAR_SPOTS[st.spot].x, STAR_SPOTS[st.spot].y]);
  }

  /** Puts every player back on its spawn point (a new round). */
  respawnAll() {
    for (const p of this.players.values()) {
      const spawn = spawnOf(p.id);
      Object.assign(p, { x: spawn.x + spawn.w / 2 - PLAYER_W / 2, y: spawn.y - PLAYER_H, vx: 0, vy: 0, onGround: true });
    }
  }

  /** @param {string} name @returns {Player} */
  add(name) {
    const id = this._nextId++;
    const spawn = spawnOf(id);
    const p = { id, name, color: COLORS[id % COLORS.length], x: spawn.x + spawn.w / 2 - PLAYER_W / 2,
      y: spawn.y - PLAYER_H, vx: 0, vy: 0, onGround: true, input: { left: false, right: false, jump: false } };
    this.players.set(id, p);
    return p;
  }

  remove(id) {
    this.players.delete(id);
  }

  /** @param {number} id @param {Input} input */
  setInput(id, input) {
    const p = this.players.get(id);
    if (p) p.input = { left: !!input.left, right: !!input.right, jump: !!input.jump };
  }

  /**
   * Advances one tick.
   * @returns {number[]} ids of the players who collected a star in this tick (one entry per star)
   */
  step() {
    this.tick++;
    for (const p of this.players.values()) stepPlayer(p);
    return this.collecting ? this._collect() : [];
  }

  _collect() {
    /** @type {number[]} */
    const scorers = [];
    for (const st of this.stars) {
      if (st.activeAt > this.tick) continue;
      const { x, y } = STAR_SPOTS[st.spot];
      for (const p of this.players.values()) {
        if (p.x < x + STAR_SIZE / 2 && p.x + PLAYER_W > x - STAR_SIZE / 2 && p.y < y + STAR_SIZE / 2 && p.y + PLAYER_H > y - STAR_SIZE / 2) {
          scorers.push(p.id);
          st.spot = this._freeSpot();
          st.activeAt = this.tick + STAR_RESPAWN_S * TICK_HZ;
          break;
        }
      }
    }
    return scorers;
  }

  /** The next spot (in order, wrapping) that no star holds. */
  _freeSpot() {
    for (let i = 0; i < STAR_SPOTS.length; i++) {
      const spot = (this._nextSpot + i) % STAR_SPOTS.length;
      if (!this.stars.some((st) => st.spot === spot)) {
        this._nextSpot = (spot + 1) % STAR_SPOTS.length;
        return spot;
      }
    }
    return 0;
  }
}

function spawnOf(id) {
  return PLATFORMS[1 + (id % (PLATFORMS.length - 1))];
}

/** @param {Player} p */
function stepPlayer(p) {
  const dir = (p.input.right ? 1 : 0) - (p.input.left ? 1 : 0);
  p.vx = dir * SPEED;
  if (p.input.jump && p.onGround) {
    p.vy = -JUMP;
    p.onGround = false;
  }
  p.vy = Math.min(MAX_FALL, p.vy + GRAVITY * DT);
  const prevBottom = p.y + PLAYER_H;
  p.x = Math.max(0, Math.min(WIDTH - PLAYER_W, p.x + p.vx * DT));
  p.y += p.vy * DT;
  p.onGround = false;
  if (p.vy >= 0) {
    const bottom = p.y + PLAYER_H;
    for (const pl of PLATFORMS) {
      const over = p.x + PLAYER_W > pl.x && p.x < pl.x + pl.w;
      if (over && prevBottom <= pl.y + 0.01 && bottom >= pl.y) {
        p.y = pl.y - PLAYER_H;
        p.vy = 0;
        p.onGround = true;
        break;
      }
    }
  }
  if (p.y > HEIGHT + 200) {
    const spawn = PLATFORMS[1];
    p.x = spawn.x + spawn.w / 2;
    p.y = spawn.y - PLAYER_H;
    p.vy = 0;
  }
}
