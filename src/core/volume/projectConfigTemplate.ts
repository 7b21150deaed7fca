import { formatMonthly } from '../format';
import { PROJECT_CONFIG_FILE } from './projectConfig';

/** A site as the template lists it: its id and what it costs a month at the volume assumed now. */
export interface TemplateSite {
  id: string;
  monthlyCalls: number;
  /** USD a month now; absent when unpriced. */
  monthly?: number;
}

/** Sites listed in a new file: the most expensive first, enough to start with. */
const LISTED_SITES = 40;

/**
 * A first promptcost.yaml for a workspace that has none: what each section is for, and the
 * workspace's own sites (most expensive first) as commented entries to fill in — commented, so that
 * a volume nobody has set is never written down as if someone had.
 */
export function projectConfigTemplate(sites: readonly TemplateSite[], monthlyCalls: number): string {
  const listed = [...sites].sort((a, b) => (b.monthly ?? -1) - (a.monthly ?? -1)).slice(0, LISTED_SITES);
  const lines = [
    `# ${PROJECT_CONFIG_FILE}: how your prompts run, read by Prompt Cost in the editor, the CLI and CI.`,
    '# Every figure Prompt Cost shows without a value here is an assumption, and says so.',
    '',
    '# Calls a month (and reply length) for every prompt not listed under sites:.',
    'defaults:',
    `  monthlyCalls: ${monthlyCalls}`,
    '  # outputTokens: 300',
    '',
    '# One entry per prompt or call, by its id (a prompt file by its path): uncomment and set what you know.',
    '# monthlyCalls, outputTokens, model, tier (standard, batch, flex, priority), variables: { name: tokens }.',
    'sites:',
  ];
  if (listed.length === 0) lines.push('  # src/app.ts#summarize: { monthlyCalls: 30000, outputTokens: 250 }');
  for (const site of listed) {
    const now = site.monthly === undefined ? 'unpriced' : `${formatMonthly(site.monthly)}/month`;
    lines.push(`  # ${JSON.stringify(site.id)}: { monthlyCalls: ${site.monthlyCalls} }   # now ${now}`);
  }
  if (sites.length > listed.length) lines.push(`  # … and ${sites.length - listed.length} more (promptcost estimate lists them all)`);
  lines.push(
    '',
    '# What a unit of work costs end to end (a ticket, a report): an entry function and how many run a day.',
    '# tasks:',
    '#   support-ticket: { entry: src/ticket.ts#handleTicket, perDay: 300, retryRate: 0.05 }',
    '',
    '# Rule severities (off, hint, info, warning, error), shared with CI.',
    '# rules: { cheaper-model: info, missing-max-tokens: warning }',
    '',
  );
  return lines.join('\n');
}
