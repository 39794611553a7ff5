import test from 'node:test';
import assert from 'node:assert/strict';
import { newer, parseState, positionNow } from '../../../apps/chat/media-sync.js';

test('the chat app media state: last writer wins by action id, ties by writer id', () => {
  const a = { actionId: 3, by: 'alice' };
  assert.equal(newer({ actionId: 4, by: 'aaa' }, a), true);
  assert.equal(newer({ actionId: 2, by: 'zzz' }, a), false);
  assert.equal(newer({ actionId: 3, by: 'bob' }, a), true);
  assert.equal(newer({ actionId: 3, by: 'aaa' }, a), false);
  assert.equal(newer(a, null), true);
});

test('a re-sent state keeps its writer, and bad payloads are refused', () => {
  assert.equal(parseState({ url: 'u', playing: true, time: 1, actionId: 2, by: 'alice' }, 'carol').by, 'alice');
  assert.equal(parseState({ url: 'u', playing: true, time: 1, actionId: 2 }, 'carol').by, 'carol');
  assert.equal(parseState({ url: 'u', playing: 'yes', time: 1, actionId: 2 }, 'c'), null);
  assert.equal(parseState({ url: 'u', playing: true, time: -1, actionId: 2 }, 'c'), null);
  assert.equal(parseState({ url: 'u', playing: true, time: 1, actionId: 1.5 }, 'c'), null);
  assert.equal(positionNow({ playing: true, time: 5, at: 1000 }, 3000), 7);
  assert.equal(positionNow({ playing: false, time: 5, at: 1000 }, 3000), 5);
});
