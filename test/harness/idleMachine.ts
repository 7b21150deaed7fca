import * as os from 'os';

/** What `waitForIdleMachine` found: whether the machine went quiet, and how busy its last window was. */
export interface Idleness {
  idle: boolean;
  /** Share of all cores' time spent busy in the last window sampled, 0–100. */
  busyPercent: number;
  waitedMs: number;
}

/** The busy share that still counts as idle: a workbench at rest repaints its cursor and polls now and then. */
const IDLE_BELOW_PERCENT = 10;
/** One sample: long enough that a short burst (a file watcher's poll) does not decide it either way. */
const WINDOW_MS = 1_000;

/**
 * Waits until every core together spent less than IDLE_BELOW_PERCENT of a whole second busy, or
 * until `ceilingMs` passes. The load average cannot say this: it is a minute's moving average, so it
 * still counts a start-up that is over. Measured from the kernel's per-core counters (`os.cpus()`).
 */
export async function waitForIdleMachine(ceilingMs: number): Promise<Idleness> {
  const started = Date.now();
  let busyPercent = 100;
  while (Date.now() - started < ceilingMs) {
    const before = cpuTimes();
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
    const after = cpuTimes();
    const total = after.total - before.total;
    busyPercent = total > 0 ? (100 * (after.busy - before.busy)) / total : 100;
    if (busyPercent < IDLE_BELOW_PERCENT) return { idle: true, busyPercent, waitedMs: Date.now() - started };
  }
  return { idle: false, busyPercent, waitedMs: Date.now() - started };
}

/** Every core's time since boot, in the kernel's ticks as Node reports them: in all, and not idle. */
function cpuTimes(): { total: number; busy: number } {
  let total = 0;
  let idle = 0;
  for (const cpu of os.cpus()) {
    const { user, nice, sys, idle: idleTime, irq } = cpu.times;
    total += user + nice + sys + idleTime + irq;
    idle += idleTime;
  }
  return { total, busy: total - idle };
}
