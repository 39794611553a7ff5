// Synced media for a group: the state {url, playing, time, at, actionId, by} is last-writer-wins by an
// increasing action id (ties broken by the writer's id). Pure functions, so the rule is easy to check.

/** Whether state `a` replaces state `b`. */
export function newer(a, b) {
  if (!b) return true;
  if (a.actionId !== b.actionId) return a.actionId > b.actionId;
  return String(a.by) > String(b.by);
}

/** The position a state means now (a playing state advances from when it was written). */
export function positionNow(state, nowMs) {
  if (!state.playing) return state.time;
  return state.time + Math.max(0, (nowMs - state.at) / 1000);
}

/** Checks a received media payload; returns a clean state or null. */
export function parseState(p, from) {
  if (!p || typeof p !== 'object') return null;
  const { url, playing, time, actionId } = p;
  if (typeof url !== 'string' || url.length > 2048 || typeof playing !== 'boolean') return null;
  if (typeof time !== 'number' || !(time >= 0) || time > 1e7) return null;
  if (!Number.isInteger(actionId) || actionId < 0) return null;
  // `by` is the writer (a neighbour may re-send someone else's state to a late joiner).
  const by = typeof p.by === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(p.by) ? p.by : from;
  return { url, playing, time, actionId, by };
}
