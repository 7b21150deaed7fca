import { formatPerCall } from '../format';
import { lineIndexOf } from '../text/lineIndex';
import type { AgentLoop, Estimate, PromptSite, TextEdit } from '../types';
import type { Rule, RuleContext, RuleFinding, RuleFix } from './rule';
import { atVolume, formatCount, formatMonthly, siteAnchor } from './ruleSupport';

/** The turns an agent with no limit is priced at for its stated worst case: a model stuck calling tools goes on far longer. */
const STATED_TURNS = 20;
/** A framework's default above this many turns bounds the bill no better than none. */
const HIGH_DEFAULT_TURNS = 25;
/** The limit a fix sets: a tool loop that has not answered in ten turns is going in circles. */
const FIX_TURNS = 10;

/**
 * An agent whose runs nothing but the model ends (or only a high framework default): a model that
 * keeps calling tools re-sends its growing history every turn until someone notices the bill. The
 * fix is the circuit breaker every cost guide asks for: the framework's own limit, or a hand-written
 * `while True` / `while (true)` made a loop of at most ten turns.
 */
export const unboundedAgentLoop: Rule = {
  async check(site, estimate, context) {
    const agent = site.options.agent;
    // A loop over items ends with its items: not the model's to stop.
    if (!agent || agent.perItem) return [];
    const unbounded = agent.maxTurns === null;
    const highDefault = agent.limitIsDefault === true && agent.maxTurns !== null && agent.maxTurns > HIGH_DEFAULT_TURNS;
    if (!unbounded && !highDefault) return [];
    const turns = agent.maxTurns ?? STATED_TURNS;
    const stated = unbounded ? await context.estimate({ ...site, options: { ...site.options, agent: { ...agent, maxTurns: STATED_TURNS } } }) : estimate;
    const what = unbounded
      ? 'This agent has no turn limit: nothing but the model ends a run.'
      : `This agent's only turn limit is the framework's default, ${agent.limitText ?? `${formatCount(turns)} turns`}.`;
    const finding: RuleFinding = {
      message: `${what}${worstCaseText(stated, turns)} Set a limit of ${FIX_TURNS} turns: a run that has not finished by then is going in circles.`,
      range: agent.loopRange ?? siteAnchor(site, context.text),
      fixes: [],
    };
    const fix = limitFix(agent, context);
    if (fix) finding.fixes.push(fix);
    return [finding];
  },
};

/** " A run of 20 turns at the output cap costs $0.23 — $1,358.04/month at 6,000 runs a month if every run went that far." */
function worstCaseText(stated: Estimate, turns: number): string {
  const worst = stated.agent?.perRun.costWorstCase;
  if (worst === null || worst === undefined) return '';
  const monthly = stated.cost.monthlyWorstCase;
  const month = monthly === undefined ? '' : ` — ${formatMonthly(monthly)}/month ${atVolume(stated)} if every run went that far`;
  return ` A run of ${formatCount(turns)} turns at the output cap costs ${formatPerCall(worst)}${month}.`;
}

/** The framework's own limit, or a hand-written endless loop made a counting one. */
function limitFix(agent: AgentLoop, context: RuleContext): RuleFix | undefined {
  const expect = (after: { site: PromptSite }) => after.site.options.agent?.maxTurns === (agent.limitEdit?.turns ?? FIX_TURNS);
  if (agent.limitEdit) return { title: `Limit each run: ${agent.limitEdit.sets}`, edits: agent.limitEdit.edits, preferred: true, expect };
  const edits = boundedLoopEdits(agent, context.text);
  return edits && { title: `Stop each run after ${FIX_TURNS} turns`, edits, preferred: true, expect };
}

/** `while True:` → `for _turn in range(10):`; `while (true)` / `for (;;)` → `for (let turn = 0; turn < 10; turn++)`. */
function boundedLoopEdits(agent: AgentLoop, text: string): TextEdit[] | undefined {
  const header = agent.loopRange;
  if (!header) return undefined;
  const index = lineIndexOf(text);
  const line = index.lineText(header.start.line);
  const python = /^(\s*)while\s+True\s*:/.exec(line);
  const typescript = /^(\s*)(?:while\s*\(\s*true\s*\)|for\s*\(\s*;\s*;\s*\))/.exec(line);
  const found = python ?? typescript;
  if (!found) return undefined;
  const start = { line: header.start.line, character: found[1].length };
  const end = { line: header.start.line, character: found[0].length - (python ? 1 : 0) };
  const counter = /\bturn\b/.test(text) ? 'agentTurn' : 'turn';
  const newText = python ? `for _turn in range(${FIX_TURNS})` : `for (let ${counter} = 0; ${counter} < ${FIX_TURNS}; ${counter}++)`;
  return [{ range: { start, end }, newText }];
}
