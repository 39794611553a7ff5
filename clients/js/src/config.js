// Where a Peer's settings come from: explicit options, then globalThis.weftConfig (page-wide defaults,
// e.g. a candidateFilter set by a test harness or an embedding page), then the serving node.

/** @param {object} [options] */
export function resolveOptions(options = {}) {
  const page = typeof globalThis.weftConfig === 'object' && globalThis.weftConfig !== null ? globalThis.weftConfig : {};
  return { ...page, ...options };
}

/** The /ws endpoint of the node that served this module. */
export function defaultServer() {
  const url = new URL('/ws', import.meta.url);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

/** http(s) origin of a ws(s) URL. */
export function httpOrigin(wsUrl) {
  const url = new URL(wsUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  return url.origin;
}

/**
 * The node's RTCIceServer list (GET /api/ice-servers); [] if the node cannot be asked.
 * @param {string} wsUrl
 * @returns {Promise<RTCIceServer[]>}
 */
export async function fetchIceServers(wsUrl) {
  const ctrl = typeof AbortController === 'function' ? new AbortController() : null;
  const timer = setTimeout(() => ctrl?.abort(), 3000);
  try {
    const res = await fetch(new URL('/api/ice-servers', httpOrigin(wsUrl)), { signal: ctrl?.signal });
    if (!res.ok) return [];
    const list = await res.json();
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  } finally {
    clearTimeout(timer);
  }
}
