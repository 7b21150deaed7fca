/**
 * Giving the thread back during long synchronous work. A re-scan answered from the cache waits on
 * nothing (no read, no worker), so on a large tree it would hold the thread it runs on from start to
 * end: in the editor that is the extension host's, where every other extension's work waits, and a
 * scan's cancellation cannot even be seen. Such work gives way after holding the thread this long.
 */
export const HOLD_THREAD_MS = 16;

/** Resolves after the event loop's pending events (input, timers, other messages) have run. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
