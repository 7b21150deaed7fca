import type { ModelPricing, PriceBook } from '../pricing/priceBook';
import type { AgentLoop, AgentRun, AgentTurn } from '../types';
import type { SiteVolume, VolumeDefaults } from '../volume/projectConfig';
import { cachedLength } from './cacheRules';
import type { CacheEstimate } from './siteCache';

/**
 * Turns a run is expected to make when promptcost.yaml does not say (`turns`): a tool call or two,
 * then the answer. Never more than the run's limit.
 */
export const DEFAULT_EXPECTED_TURNS = 3;

/**
 * Tokens each turn adds to the history besides the model's reply, when promptcost.yaml does not
 * say (`toolResultTokens`): a tool result or an error fed back — a short JSON record or a few
 * search hits.
 */
export const DEFAULT_TOOL_RESULT_TOKENS = 400;

/**
 * The history a run keeps when it is trimmed: the last two turns' replies and tool results, plus a
 * summary of the earlier ones (a paragraph or two) written in place of them.
 */
export const HISTORY_WINDOW = { keepTurns: 2, summaryTokens: 200 };

/** The price of a turn's usage, when the model is priced. */
export interface RunPricing {
  prices: PriceBook;
  priceId: string;
  pricing: ModelPricing;
  /** The service tier's multiplier. */
  multiplier: number;
}

/** The first turn, as the site's estimate has it. */
export interface FirstTurn {
  input: number;
  /** Output billed per turn, hidden reasoning included. */
  outputExpected: number;
  /**
   * The visible reply, which later turns re-send; `outputExpected` when absent. Reasoning is billed but
   * not re-sent: OpenAI drops it from later turns' context and Anthropic strips earlier turns' thinking.
   */
  reply?: number;
  outputMax?: number;
}

/**
 * A run of an agent: turn t sends the first turn's input plus what every earlier turn added — its
 * reply and a tool result — so the input grows by (output + tool result) each turn. Caching applies
 * turn by turn: automatic caches (OpenAI, Gemini, DeepSeek) hold everything the turn before sent;
 * Anthropic's explicit cache holds the prompt up to its breakpoint, which the first turn writes.
 */
export function agentRun(
  agent: AgentLoop,
  volume: SiteVolume | undefined,
  defaults: VolumeDefaults,
  first: FirstTurn,
  cache: CacheEstimate,
  price: RunPricing | undefined,
): AgentRun {
  const [wantedTurns, expectedTurnsSource] = setting(volume?.turns, defaults.turns, DEFAULT_EXPECTED_TURNS);
  const [toolResultTokens, toolResultSource] = setting(volume?.toolResultTokens, defaults.toolResultTokens, DEFAULT_TOOL_RESULT_TOKENS);
  const expectedTurns = Math.max(1, agent.maxTurns === null ? wantedTurns : Math.min(wantedTurns, agent.maxTurns));
  const turns = schedule(expectedTurns, first.input, expectedOutput(first), toolResultTokens, cache, 'expected', price);
  const run: AgentRun = {
    kind: agent.kind,
    maxTurns: agent.maxTurns,
    expectedTurns,
    expectedTurnsSource,
    toolResultTokens,
    toolResultSource,
    turns,
    perRun: {
      inputTokens: sum(turns, (turn) => turn.input),
      outputTokens: sum(turns, (turn) => turn.output),
    },
  };
  if (agent.limitText !== undefined) run.limitText = agent.limitText;
  if (agent.perItem) run.perItem = true;
  if (!price) return run;
  run.perRun.cost = sum(turns, (turn) => turn.cost ?? 0);
  run.perRun.costWorstCase =
    agent.maxTurns === null || first.outputMax === undefined
      ? null
      : sum(
          schedule(agent.maxTurns, first.input, { billed: first.outputMax, carried: first.outputMax }, toolResultTokens, cache, 'worst', price),
          (turn) => turn.cost ?? 0,
        );
  const windowed = trimmedHistory(expectedTurns, first, toolResultTokens, cache, price);
  if (windowed) run.historyWindow = windowed;
  if (cache.rules.mode === 'explicit' && price.pricing.chargesCacheWrites) {
    const moving = schedule(expectedTurns, first.input, expectedOutput(first), toolResultTokens, cache, 'moving', price);
    const saving = run.perRun.cost - sum(moving, (turn) => turn.cost ?? 0);
    if (saving > 0) run.movingBreakpointSaving = saving;
  }
  return run;
}

/**
 * The run with its history trimmed to the last turns plus a summary: turn t sends the first turn's
 * input, at most `keepTurns` turns' additions, and the summary once anything was dropped. Only the
 * first turn's fixed prefix stays cacheable, as the history before the window changes every turn.
 * Undefined when the run is too short to drop anything or costs no less.
 */
function trimmedHistory(count: number, first: FirstTurn, toolResult: number, cache: CacheEstimate, price: RunPricing): AgentRun['historyWindow'] {
  const { keepTurns, summaryTokens } = HISTORY_WINDOW;
  if (count <= keepTurns + 1) return undefined;
  const growth = expectedOutput(first).carried + toolResult;
  let trimmed = 0;
  let lastTurnInput = first.input;
  for (let turn = 1; turn <= count; turn++) {
    const dropped = turn - 1 > keepTurns;
    const input = first.input + Math.min(turn - 1, keepTurns) * growth + (dropped ? summaryTokens : 0);
    lastTurnInput = input;
    const cacheRead = cache.hitRate * cache.cached;
    const cacheWrite = price.pricing.chargesCacheWrites && cache.rules.mode === 'explicit' ? (1 - cache.hitRate) * cache.cached : 0;
    const cacheWriteOneHour = cache.rules.oneHourWrites === true;
    trimmed +=
      (price.prices.quote(price.priceId, { input, cacheRead, cacheWrite, output: first.outputExpected, cacheWriteOneHour })?.total ?? 0) * price.multiplier;
  }
  const full = sum(schedule(count, first.input, expectedOutput(first), toolResult, cache, 'expected', price), (turn) => turn.cost ?? 0);
  const savingPerRun = full - trimmed;
  return savingPerRun > 0 ? { keepTurns, summaryTokens, savingPerRun, lastTurnInput } : undefined;
}

/**
 * The turns of a run. `expected`: the first turn finds the prefix cached at the site's hit rate, the
 * others what the run itself cached; `worst`: no cache hit at all, every miss paying its writes (the
 * output at its cap); `moving`: Anthropic with a breakpoint on the last message, each turn reading
 * what the turn before wrote and writing the rest.
 */
function schedule(
  count: number,
  firstInput: number,
  { billed: output, carried }: TurnOutput,
  toolResult: number,
  cache: CacheEstimate,
  mode: 'expected' | 'worst' | 'moving',
  price: RunPricing | undefined,
): AgentTurn[] {
  const { rules } = cache;
  const { hitRate } = cache;
  const writesCharged = price?.pricing.chargesCacheWrites ?? false;
  const turns: AgentTurn[] = [];
  for (let turn = 1; turn <= count; turn++) {
    const input = firstInput + (turn - 1) * (carried + toolResult);
    const before = firstInput + (turn - 2) * (carried + toolResult);
    let cacheRead = 0;
    let cacheWrite = 0;
    if (mode === 'worst') {
      cacheWrite = rules.mode === 'explicit' && writesCharged ? cache.cached : 0;
    } else if (mode === 'moving') {
      cacheRead = turn === 1 ? hitRate * cache.cached : cachedLength(before, rules);
      cacheWrite = writesCharged ? Math.max(0, cachedLength(input, rules) - cacheRead) : 0;
    } else if (rules.mode === 'automatic') {
      cacheRead = turn === 1 ? hitRate * cache.cached : cachedLength(before, rules);
    } else if (rules.mode === 'explicit') {
      // The breakpoint's prefix is written by the first turn (when it misses) and read by the others.
      cacheRead = turn === 1 ? hitRate * cache.cached : cache.cached;
      cacheWrite = turn === 1 && writesCharged ? (1 - hitRate) * cache.cached : 0;
    }
    const entry: AgentTurn = { turn, input, cacheRead, cacheWrite, output };
    if (price) {
      // Each turn is its own request: a long-context tier applies to the turns past its threshold only.
      const quote = price.prices.quote(price.priceId, { input, cacheRead, cacheWrite, output, cacheWriteOneHour: rules.oneHourWrites === true });
      if (quote) entry.cost = quote.total * price.multiplier;
    }
    turns.push(entry);
  }
  return turns;
}

/** A turn's output: what it bills, and what of it later turns send back. */
interface TurnOutput {
  billed: number;
  carried: number;
}

function expectedOutput(first: FirstTurn): TurnOutput {
  return { billed: first.outputExpected, carried: first.reply ?? first.outputExpected };
}

function setting(site: number | undefined, defaults: number | undefined, fallback: number): [number, AgentRun['expectedTurnsSource']] {
  if (site !== undefined) return [site, 'promptcost.yaml'];
  if (defaults !== undefined) return [defaults, 'promptcost.yaml defaults'];
  return [fallback, 'default'];
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}
