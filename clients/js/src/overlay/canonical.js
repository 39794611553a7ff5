// RFC 8785 JSON Canonicalization Scheme (JCS) for signed overlay texts (docs/overlay.md, "Signed messages").
// Section 3.2.2: strings and numbers are serialised exactly as ECMAScript's JSON.stringify does (numbers by
// Number::toString, -0 as 0); section 3.2.3: object members sorted by their names' UTF-16 code units, which
// is what Array.prototype.sort does with no comparator. No whitespace.

/** @param {unknown} v a JSON value (as JSON.parse returns) */
export function canonicalize(v) {
  if (v === null || typeof v !== 'object') {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new TypeError('JCS has no NaN or Infinity');
    const s = JSON.stringify(v);
    if (s === undefined) throw new TypeError(`JCS cannot encode ${typeof v}`);
    return s;
  }
  if (Array.isArray(v)) return `[${v.map(canonicalize).join(',')}]`;
  const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalize(v[k])}`).join(',')}}`;
}
