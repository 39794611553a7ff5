// ICE helpers: the candidate filter applied to trickled candidates and to a=candidate lines in SDP.

/**
 * @typedef {{address: string|null, port: number|null, protocol: string|null, type: string|null,
 *            candidate: string}} CandidateInfo
 * @typedef {(c: CandidateInfo) => boolean} CandidateFilter
 */

/**
 * Parses an ICE candidate attribute ("candidate:f 1 udp 2113937151 127.0.0.1 5000 typ host ...").
 * @param {string} line with or without the "a=" prefix
 * @returns {CandidateInfo}
 */
export function parseCandidate(line) {
  const text = line.startsWith('a=') ? line.slice(2) : line;
  const parts = text.replace(/^candidate:/, '').trim().split(/\s+/);
  const typIndex = parts.indexOf('typ');
  return {
    address: parts[4] ?? null,
    port: parts[5] != null ? Number(parts[5]) : null,
    protocol: parts[2]?.toLowerCase() ?? null,
    type: typIndex >= 0 ? parts[typIndex + 1] ?? null : null,
    candidate: text,
  };
}

/**
 * Removes a=candidate lines the filter rejects.
 * @param {string} sdp
 * @param {CandidateFilter|undefined} filter
 */
export function filterSdp(sdp, filter) {
  if (!filter || typeof sdp !== 'string') return sdp;
  return sdp
    .split('\r\n')
    .filter((line) => !line.startsWith('a=candidate:') || safeFilter(filter, parseCandidate(line)))
    .join('\r\n');
}

/** @param {CandidateFilter|undefined} filter @param {string} candidate */
export function acceptCandidate(filter, candidate) {
  if (!filter || !candidate) return true;
  return safeFilter(filter, parseCandidate(candidate));
}

function safeFilter(filter, info) {
  try {
    return filter(info) !== false;
  } catch (e) {
    console.error('weft: candidateFilter threw; dropping the candidate', e);
    return false;
  }
}

/** A filter that keeps only 127.0.0.1 candidates (tests and single-machine demos). */
export const loopbackOnly = (c) => c.address === '127.0.0.1';
