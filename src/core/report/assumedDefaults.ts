import { formatCount } from '../format';
import type { ReportSite } from '../workspace/report';

/** A figure of a site's estimate that nobody set, and how much of the cost rests on it. */
export interface AssumedDefault {
  /** What setting it fixes: a site's monthly calls or reply length in promptcost.yaml, or its variables' sizes. */
  kind: 'monthlyCalls' | 'outputTokens' | 'variables';
  /** `10,000 calls a month`, `300 output tokens a call (62% of a call's cost)`. */
  text: string;
  /** The share of a call's cost it drives, 0–1; the volume drives all of it. */
  share: number;
}

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });

/**
 * The defaults a site's figure rests on, the ones that drive most of its cost first: the volume
 * (it multiplies everything), then the reply length and the variables' sizes by their share of a
 * call's cost. Settings from promptcost.yaml `defaults:` are the user's own and are not listed.
 */
export function assumedDefaults({ estimate }: Pick<ReportSite, 'estimate'>): AssumedDefault[] {
  const found: AssumedDefault[] = [];
  if (estimate.volumeSource === 'default') {
    found.push({ kind: 'monthlyCalls', text: `${formatCount(estimate.monthlyCalls)} ${estimate.agent ? 'runs' : 'calls'} a month`, share: 1 });
  }
  const breakdown = estimate.cost.priced ? estimate.cost.breakdown : undefined;
  const perCall = breakdown ? breakdown.uncachedInput + breakdown.cacheRead + breakdown.cacheWrite + breakdown.output : 0;
  const shareOf = (part: number) => (perCall > 0 ? part / perCall : 0);
  const shareText = (share: number) => (perCall > 0 ? ` (${percent.format(share)} of a call's cost)` : '');
  const ranked: AssumedDefault[] = [];
  if (estimate.outputSource === 'default') {
    const share = shareOf(breakdown?.output ?? 0);
    ranked.push({ kind: 'outputTokens', text: `${formatCount(estimate.tokens.outputExpected)} output tokens a call${shareText(share)}`, share });
  }
  const guessed = estimate.variables.filter((variable) => variable.source === 'default');
  if (guessed.length > 0 && estimate.tokens.input > 0) {
    const tokens = guessed.reduce((sum, variable) => sum + variable.tokens, 0);
    const inputCost = breakdown ? breakdown.uncachedInput + breakdown.cacheRead + breakdown.cacheWrite : 0;
    const share = shareOf(inputCost * (tokens / estimate.tokens.input));
    const names = [...new Set(guessed.map((variable) => variable.name))];
    const what = names.length === 1 ? `${names[0]} at ${formatCount(tokens)} tokens` : `${names.length} variables at ${formatCount(tokens)} tokens in all`;
    ranked.push({ kind: 'variables', text: `${what}${shareText(share)}`, share });
  }
  return [...found, ...ranked.sort((a, b) => b.share - a.share)];
}
