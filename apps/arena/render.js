// Draws the arena on a canvas: background, platforms, players with their names.
import { HEIGHT, PLATFORMS, PLAYER_H, PLAYER_W, WIDTH } from './world.js';

/**
 * @param {CanvasRenderingContext2D} ctx
 * @param {{id: number, name: string, color: string, x: number, y: number}[]} players
 * @param {number|null} myId
 */
export function draw(ctx, players, myId) {
  ctx.fillStyle = '#eef1f8';
  ctx.fillRect(0, 0, WIDTH, HEIGHT);
  ctx.fillStyle = '#5d6d7e';
  for (const p of PLATFORMS) ctx.fillRect(p.x, p.y, p.w, p === PLATFORMS[0] ? HEIGHT - p.y : 10);
  ctx.font = '13px system-ui, sans-serif';
  ctx.textAlign = 'center';
  for (const pl of players) {
    ctx.fillStyle = pl.color;
    ctx.fillRect(pl.x, pl.y, PLAYER_W, PLAYER_H);
    if (pl.id === myId) {
      ctx.strokeStyle = '#1d2433';
      ctx.lineWidth = 2;
      ctx.strokeRect(pl.x - 1, pl.y - 1, PLAYER_W + 2, PLAYER_H + 2);
    }
    ctx.fillStyle = '#1d2433';
    ctx.fillText(pl.name, pl.x + PLAYER_W / 2, pl.y - 6);
  }
}
