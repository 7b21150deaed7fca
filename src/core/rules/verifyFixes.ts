import type { Fix, TextEdit } from '../types';
import { editsOverlap } from '../text/applyEdits';
import type { RuleFix, SiteAfterFix } from './rule';

/**
 * The fixes of one prompt-file site that, applied, leave a file that still yields the site, parses
 * no worse and shows what the fix promised. Re-reading a prompt file takes a millisecond, so every
 * fix on one is checked, the "ignore here" comment too: a YAML error elsewhere can hide the key an
 * insertion should go into, and the fix would add a duplicate. `afterEdits` is the site in the edited file.
 */
export async function verifyPromptFileFixes(
  fixes: readonly RuleFix[],
  afterEdits: (edits: TextEdit[]) => Promise<SiteAfterFix | undefined>,
): Promise<Set<Fix>> {
  const held = new Set<Fix>();
  for (const fix of fixes) {
    const after = await afterEdits(fix.edits);
    if (after && (!fix.expect || fix.expect(after))) held.add(fix);
  }
  return held;
}

/** A fix that changes cost, offered at one site of a code file, waiting to be checked. */
export interface PendingFix {
  siteId: string;
  fix: RuleFix;
}

/**
 * The file with the edits applied, analysed again: each site by id. Undefined when the edited file
 * cannot be analysed or parses worse than before (the edits broke it).
 */
export type Reanalyse = (edits: TextEdit[]) => Promise<ReadonlyMap<string, SiteAfterFix> | undefined>;

/**
 * The fixes that hold: applied, the file still parses as well as before, still yields the site, and
 * the site shows what the fix promised (its `expect`). A code file can have many sites and analysing
 * it again costs a parse, so fixes of different sites whose edits do not touch are applied and
 * checked together — one analysis per batch, about as many batches as the most fixes one site has.
 * Fixes in a batch that fails are checked again one at a time, so that one bad fix never costs
 * another its place.
 */
export async function verifyCodeFixes(pending: readonly PendingFix[], reanalyse: Reanalyse): Promise<Set<Fix>> {
  const held = new Set<Fix>();
  let remaining = pending.filter(({ fix }) => fix.expect);
  while (remaining.length > 0) {
    const batch: PendingFix[] = [];
    const later: PendingFix[] = [];
    const sites = new Set<string>();
    for (const entry of remaining) {
      // One fix per site, so that what the site shows after is that fix's doing alone.
      if (sites.has(entry.siteId) || batch.some((other) => editsOverlap(other.fix.edits, entry.fix.edits))) {
        later.push(entry);
      } else {
        batch.push(entry);
        sites.add(entry.siteId);
      }
    }
    const failed = await failing(batch, reanalyse);
    for (const entry of batch) if (!failed.includes(entry)) held.add(entry.fix);
    if (batch.length > 1) for (const entry of failed) if ((await failing([entry], reanalyse)).length === 0) held.add(entry.fix);
    remaining = later;
  }
  return held;
}

async function failing(batch: PendingFix[], reanalyse: Reanalyse): Promise<PendingFix[]> {
  const after = await reanalyse(batch.flatMap(({ fix }) => fix.edits));
  if (!after) return batch;
  return batch.filter(({ siteId, fix }) => {
    const site = after.get(siteId);
    return !site || !fix.expect!(site);
  });
}
