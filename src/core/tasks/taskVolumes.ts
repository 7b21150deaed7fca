import type { TaskVolume } from '../types';
import type { TaskConfig } from '../volume/projectConfig';
import type { CallGraphWalk, FunctionRef } from './taskGraph';

/** A month, for tasks counted a day. */
export const DAYS_PER_MONTH = 30;

/** `src/ticket.ts#handleTicket` → its file and function; undefined when it names no function. */
export function entryRef(entry: string): FunctionRef | undefined {
  const hash = entry.indexOf('#');
  if (hash <= 0 || hash === entry.length - 1) return undefined;
  return { file: entry.slice(0, hash), name: entry.slice(hash + 1) };
}

/**
 * The calls a month each LLM site gets from the tasks of promptcost.yaml that give a volume: per
 * task, perDay × 30 × the site's calls per task × (1 + retryRate), added over the tasks that reach it.
 */
export async function taskVolumes(tasks: Readonly<Record<string, TaskConfig>>, walk: CallGraphWalk): Promise<Map<string, TaskVolume>> {
  const volumes = new Map<string, TaskVolume>();
  for (const [task, config] of Object.entries(tasks)) {
    const ref = entryRef(config.entry);
    if (!ref || config.perDay === undefined) continue;
    const retryRate = config.retryRate ?? 0;
    for (const reached of (await walk.reach(ref)).values()) {
      const calls = config.perDay * DAYS_PER_MONTH * reached.calls * (1 + retryRate);
      const volume = volumes.get(reached.site) ?? { monthlyCalls: 0, from: [] };
      volume.monthlyCalls += calls;
      volume.from.push({ task, perDay: config.perDay, callsPerTask: reached.calls, retryRate });
      volumes.set(reached.site, volume);
    }
  }
  return volumes;
}
