// Draws the arena on a canvas: background, platforms, stars, players with their names, and the round's
// result over it when the round is over.
import { HEIGHT, PLATFORMS, PLAYER_H, PLAYER_W, STAR_SIZE, WIDTH } from './world.js';

/**
 * @param {CanvasRenderingContext2D} ctx
 * @param {{id: number, name: string, color: string, x: number, y: number}[]} players
 * @param {number|null} myId
 * @param {[number, number][]} [stars] centres of the stars out
 * @param {string|null} [banner] a line over everything (the round's result)
 */
export function draw(ctx, players, myId, stars = [], banner = null) {
  ctx.fillStyle = '#eef1f8';
  ctx.fillRect(0, 0, WIDTH, HEIGHT);
  ctx.fillStyle = '#5d6d7e';
  for (const p of PLATFORMS) ctx.fillRect(p.x, p.y, p.w, p === PLATFORMS[0] ? HEIGHT - p.y : 10);
  ctx.fillStyle = '#f1c40f';
  for (const [x, y] of stars) {
    ctx.beginPath();
    ctx.arc(x, y, STAR_SIZE / 2, 0, 2 * Math.PI);
    ctx.fill();
  }
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
  if (banner) {
    ctx.fillStyle = 'rgba(29, 36, 51, 0.75)';
    ctx.fillRect(0, HEIGHT / 2 - 40, WIDTH, 80);
    ctx.fillStyle = '#fff';
    ctx.font = 'bold 28px system-ui, sans-serif';
    ctx.fillText(banner, WIDTH / 2, HEIGHT / 2 + 10);
  }
}
