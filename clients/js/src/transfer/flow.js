// Flow control on a raw RTCDataChannel: hand data to the channel while its buffer is under a high-water
// mark, then sleep until the browser fires `bufferedamountlow` (no polling, no per-chunk round trip).

/** Defaults chosen by docs/benchmarks-share.md: 64 KiB chunks, 1 MiB low / 4 MiB high water. */
export const CHUNK_SIZE = 64 * 1024;
export const LOW_WATER = 1024 * 1024;
export const HIGH_WATER = 4 * 1024 * 1024;

/**
 * @param {RTCDataChannel} ch
 * @param {{low?: number, high?: number}} [o]
 */
export function channelFlow(ch, o = {}) {
  const low = o.low ?? LOW_WATER;
  const high = o.high ?? HIGH_WATER;
  ch.bufferedAmountLowThreshold = low;
  /** @type {Function[]} */
  let waiters = [];
  const wake = () => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  ch.addEventListener('bufferedamountlow', wake);
  ch.addEventListener('close', wake);
  return {
    /** Whether the channel takes more without waiting. */
    get ready() {
      return ch.readyState === 'open' && ch.bufferedAmount <= high;
    },
    /** Resolves when the buffer has drained to the low mark (or the channel closed). */
    drain() {
      if (ch.readyState !== 'open' || ch.bufferedAmount <= low) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    dispose() {
      ch.removeEventListener('bufferedamountlow', wake);
      ch.removeEventListener('close', wake);
      wake();
    },
  };
}
