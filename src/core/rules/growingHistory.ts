import { formatPerCall, roundCents } from '../format';
import type { Rule } from './rule';
import { atVolume, formatCount, formatMonthly, siteAnchor } from './ruleSupport';

/** Below this a month, trimming the history is not worth the risk to the agent's answers. */
const MIN_MONTHLY_SAVING = 1;

/**
 * An agent that re-sends its whole history every turn: by its last turn most of what it pays for is
 * earlier turns. Keeping the last turns plus a summary of the rest (agentRun.ts HISTORY_WINDOW)
 * bounds that; whether the agent still does its job without the rest is for its evals, so there is
 * no automatic fix, only the saving at this site's volume.
 */
export const growingHistory: Rule = {
  check(site, estimate, context) {
    const run = estimate.agent;
    const window = run?.historyWindow;
    const last = run?.turns.at(-1);
    if (!run || !window || !last || estimate.cost.monthly === undefined) return [];
    const monthly = roundCents(Math.min(window.savingPerRun * estimate.monthlyCalls, estimate.cost.monthly - context.priorSavings));
    if (monthly < MIN_MONTHLY_SAVING) return [];
    const history = last.input - estimate.tokens.input;
    return [
      {
        message: `Each turn re-sends the whole history: turn ${formatCount(last.turn)} of a run sends ${formatCount(last.input)} tokens, ${formatCount(history)} of them earlier turns. Sending only the last ${window.keepTurns} turns plus a ${formatCount(window.summaryTokens)}-token summary of the rest would cost ${formatPerCall(window.savingPerRun)} less a run, ${formatMonthly(monthly)}/month ${atVolume(estimate)} — if the agent still has what it needs (check it on your evals).`,
        range: site.options.agent?.loopRange ?? siteAnchor(site, context.text),
        fixes: [],
        monthlySavings: monthly,
      },
    ];
  },
};
