// The arena's round rules and stars (apps/arena/rules.js, apps/arena/world.js: pure modules, no DOM).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RESTART_MS, Round } from '../../../apps/arena/rules.js';
import { STAR_SPOTS, World } from '../../../apps/arena/world.js';

test('a point per call; the round ends at the score limit, won by the scorer; no points once over', () => {
  const r = new Round({ scoreLimit: 2, timeLimit: 0 }, 0);
  assert.equal(r.addPoint(7, 10), true);
  assert.equal(r.over, false);
  assert.equal(r.timeLeft(10), null);
  r.addPoint(7, 20);
  assert.deepEqual([r.over, r.winner, r.reason], [true, 7, 'score']);
  assert.equal(r.addPoint(8, 30), false);
  assert.equal(r.score(8), 0);
});

test('the time limit (minutes) ends the round: best score wins, a tie or no score is a draw', () => {
  const r = new Round({ scoreLimit: 20, timeLimit: 0.5 }, 1000);
  r.addPoint(1, 2000);
  r.addPoint(2, 2000);
  r.addPoint(2, 2000);
  assert.equal(r.timeLeft(11000), 20000);
  assert.equal(r.tick(30999), null);
  assert.equal(r.tick(31000), 'ended');
  assert.deepEqual([r.over, r.winner, r.reason, r.timeLeft(31000)], [true, 2, 'time', 0]);

  const tie = new Round({ scoreLimit: 20, timeLimit: 1 }, 0);
  tie.addPoint(1, 1);
  tie.addPoint(2, 1);
  tie.tick(60000);
  assert.deepEqual([tie.over, tie.winner], [true, null]);
  const none = new Round({ scoreLimit: 20, timeLimit: 1 }, 0);
  none.tick(60000);
  assert.equal(none.winner, null);
});

test('RESTART_MS after the end a new round starts with every score at 0', () => {
  const r = new Round({ scoreLimit: 1, timeLimit: 0 }, 0);
  r.addPoint(3, 100);
  assert.equal(r.tick(100 + RESTART_MS - 1), null);
  assert.equal(r.tick(100 + RESTART_MS), 'restarted');
  assert.deepEqual([r.number, r.over, r.winner, r.score(3)], [2, false, null, 0]);
});

test('bad limits are clamped: score limit at least 1, negative time limit = none', () => {
  const r = new Round({ scoreLimit: 0, timeLimit: -5 }, 0);
  assert.equal(r.scoreLimit, 1);
  assert.equal(r.timeLeft(0), null);
});

test('walking into a star collects it once; it comes back at another spot 2 s later', () => {
  const w = new World();
  const host = w.add('host');
  w.add('still');
  assert.equal(w.activeStars().length, 3);
  w.setInput(host.id, { left: false, right: true, jump: false });
  const scorers = [];
  for (let i = 0; i < 20; i++) scorers.push(...w.step());
  assert.deepEqual(scorers, [host.id], 'the first star lies on the host\'s way right; the player standing still gets none');
  assert.equal(w.activeStars().length, 2);
  w.setInput(host.id, { left: false, right: false, jump: false });
  for (let i = 0; i < 60; i++) assert.deepEqual(w.step(), []);
  const spots = w.activeStars().map(([x, y]) => STAR_SPOTS.findIndex((s) => s.x === x && s.y === y));
  assert.equal(spots.length, 3);
  assert.equal(new Set(spots).size, 3);
  assert.ok(!spots.includes(0), 'not back at the spot just emptied');
  w.collecting = false;
  w.setInput(host.id, { left: true, right: false, jump: false });
  for (let i = 0; i < 120; i++) assert.deepEqual(w.step(), []);
});
