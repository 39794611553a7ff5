/**
 * A small event emitter. `on` returns a function that removes the handler. A handler that throws does not
 * stop the others; the error is reported with console.error.
 */
export class Emitter {
  constructor() {
    /** @type {Map<string, Set<Function>>} */
    this._handlers = new Map();
  }

  /**
   * @param {string} event
   * @param {(...args: any[]) => void} handler
   * @returns {() => void} removes the handler
   */
  on(event, handler) {
    if (typeof handler !== 'function') throw new TypeError('handler must be a function');
    let set = this._handlers.get(event);
    if (!set) this._handlers.set(event, (set = new Set()));
    set.add(handler);
    return () => this.off(event, handler);
  }

  /** Like `on`, but the handler runs at most once. */
  once(event, handler) {
    const off = this.on(event, (...args) => {
      off();
      handler(...args);
    });
    return off;
  }

  off(event, handler) {
    this._handlers.get(event)?.delete(handler);
  }

  /** @returns {boolean} whether any handler ran */
  emit(event, ...args) {
    const set = this._handlers.get(event);
    if (!set || set.size === 0) return false;
    for (const h of [...set]) {
      try {
        h(...args);
      } catch (e) {
        console.error(`weft: a '${event}' handler threw`, e);
      }
    }
    return true;
  }

  listenerCount(event) {
    return this._handlers.get(event)?.size ?? 0;
  }
}
