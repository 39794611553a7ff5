// The arena's simulation, run only by the hosting tab (the authoritative server). Pure: no DOM, no network.
// Players are boxes that walk, fall and jump onto platforms; fixed time step.

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
  }

  /** @param {string} name @returns {Player} */
  add(name) {
    const id = this._nextId++;
    const spawn = PLATFORMS[1 + (id % (PLATFORMS.length - 1))];
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

  /** Advances one tick. */
  step() {
    this.tick++;
    for (const p of this.players.values()) stepPlayer(p);
  }
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
