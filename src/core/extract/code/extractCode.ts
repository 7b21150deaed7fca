import { internalError } from '../../findings/internalError';
import { problem } from '../../findings/problem';
import { SILENT_LOGGER, type Logger } from '../../log/logger';
import { LineIndex } from '../../text/lineIndex';
import type { ExtractResult, FileCallGraph, Finding, PromptSite, Range, SiteOptions } from '../../types';
import { nonTextOutput } from '../../models/outputMedia';
import { aiSdk } from '../sdks/aiSdk';
import { anthropicSdk } from '../sdks/anthropic';
import { bedrockSdk } from '../sdks/bedrock';
import { bedrockInvokeSdk } from '../sdks/bedrockInvoke';
import { googleGenaiSdk } from '../sdks/googleGenai';
import { langchainSdk } from '../sdks/langchain';
import { langchainAgentsSdk } from '../sdks/langchainAgents';
import { openaiAgentsSdk } from '../sdks/openaiAgents';
import { pydanticAiSdk } from '../sdks/pydanticAi';
import { litellmSdk } from '../sdks/litellm';
import { mistralSdk } from '../sdks/mistral';
import { openaiSdk } from '../sdks/openai';
import { promptFileLoaders } from '../sdks/promptFileLoaders';
import type { SdkModule } from '../sdks/sdkModule';
import type { CallSite, CodeFile } from '../../codeModel/codeModel';
import { MAX_CODE_NESTING } from './nesting';
import { codeLanguage, parseCode } from './parseCode';
import { unreadCalls } from './unreadCalls';
import { repeatOf } from './callGraph';
import type { EnvValue } from '../../volume/envValues';
import type { LlmModules, SourceReader } from '../../codeModel/sourceReader';
import { importedModules, importsOneOf } from '../../resolve/importedModules';

/** Every SDK, in the order a call is offered to them (the first that claims it wins). */
export const SDK_MODULES: readonly SdkModule[] = [
  promptFileLoaders,
  openaiSdk,
  anthropicSdk,
  mistralSdk,
  googleGenaiSdk,
  aiSdk,
  openaiAgentsSdk,
  pydanticAiSdk,
  langchainAgentsSdk,
  langchainSdk,
  litellmSdk,
  bedrockSdk,
  bedrockInvokeSdk,
];

/** Declaration files hold no calls. */
const DECLARATION_FILE = /\.d\.[cm]?ts$/i;

/** `promptcost: monthlyCalls=50000 outputTokens=300` in a comment above the call. */
const VOLUME_COMMENT = /promptcost\s*:([^\n]*)/i;
const VOLUME_SETTING = /\b(monthlyCalls|outputTokens)\s*=\s*(\d[\d_,]*)/gi;

/** Whether a file name is source code this extractor reads (TS/JS/Python). */
export function isCodeFile(file: string): boolean {
  return codeLanguage(file) !== undefined && !DECLARATION_FILE.test(file);
}

/**
 * The cheap test run before parsing: whether any SDK's markers occur in the text — an import of its
 * package or a telltale call chain, never the bare name (a comment, a string, a list of providers).
 * Files failing it are never parsed, unless they import a workspace module that passes it.
 */
export function mayContainLlmCalls(text: string): boolean {
  return anyMarker().test(text);
}

let markersAtOnce: RegExp | undefined;

/**
 * Every SDK's markers as one pattern, so a text is scanned once instead of once per marker (41):
 * measured 7× faster over the sample app's files, the same answers. `m` is what the Python markers
 * use; the others have no `^` or `$` for it to change.
 */
function anyMarker(): RegExp {
  if (markersAtOnce) return markersAtOnce;
  const markers = SDK_MODULES.flatMap((module) => module.markers);
  const flags = new Set(markers.map((marker) => marker.flags.replace('m', '')));
  if (flags.size !== 1 || !flags.has('')) throw new Error(`SDK markers with flags other than m cannot be joined: ${[...flags].join(', ')}`);
  return (markersAtOnce = new RegExp(markers.map((marker) => `(?:${marker.source})`).join('|'), 'm'));
}

/**
 * A file names an LLM SDK, or imports a workspace module that does: only then is it parsed. An SDK's
 * own source never is: its calls are made on its users' behalf (workspace/sdkPackageSources.ts).
 */
async function worthParsing(text: string, file: string, reader: SourceReader, withoutPrefilter: boolean, logger: Logger): Promise<boolean> {
  const sdkPackage = reader.sdkPackageOwning?.(file);
  if (sdkPackage !== undefined) {
    logger.debug(`Not reading ${file} for calls: it is part of the ${sdkPackage} package's own source.`);
    return false;
  }
  return withoutPrefilter || mayContainLlmCalls(text) || importsLlmModule(text, file, await reader.llmModules?.());
}

/**
 * Whether a file imports one of the workspace's LLM-calling modules (`from '../lib/agent'`,
 * `require('./llm')`, `from app.llm import ask`, `from app import llm`): its calls on what that module
 * builds (an agent, a client, a factory's model) are only seen by reading it.
 */
export function importsLlmModule(text: string, file: string, modules: LlmModules | undefined): boolean {
  if (!modules || modules.paths.size === 0) return false;
  return importsOneOf(importedModules(text, file), modules);
}

/**
 * The LLM calls of one source file as prompt sites. Undefined for files that are not TS/JS/Python;
 * files with no sign of an LLM SDK, and an SDK's own source (`SourceReader.sdkPackageOwning`),
 * return no sites without being parsed. Ids are
 * `<file>#<enclosing function>`, then `.2`, `.3`… for later calls in the same function.
 */
export async function extractCodeSites(
  text: string,
  file: string,
  reader: SourceReader,
  logger: Logger = SILENT_LOGGER,
  env: Readonly<Record<string, EnvValue>> = {},
  withoutPrefilter = false,
): Promise<ExtractResult | undefined> {
  if (!isCodeFile(file)) return undefined;
  if (!(await worthParsing(text, file, reader, withoutPrefilter, logger))) return { sites: [], findings: [] };
  const parsed = await parseCode(text, file, reader, logger, env);
  if (!parsed) return { sites: [], findings: [] };
  const findings = fileProblems(parsed, text);

  const sites: PromptSite[] = [];
  const placed: FileCallGraph['sites'] = [];
  const perFunction = new Map<string, number>();
  const claimed = new Set<CallSite>();
  for (const call of parsed.calls) {
    const found = sitesOf(call, parsed, findings, logger);
    if (found) claimed.add(call);
    for (const extracted of found ?? []) {
      const media = nonTextOutput(extracted.model?.id, extracted.options.outputModalities);
      if (media) {
        const made = { image: 'images', audio: 'audio', video: 'video' }[media.media];
        const message = `This call makes ${made} only (${media.why}): Prompt Cost estimates text generation, so it is not priced here.`;
        findings.push(problem('non-text-output', message, firstLineOf(extracted.range, text)));
        continue;
      }
      const count = (perFunction.get(call.enclosingFunction) ?? 0) + 1;
      perFunction.set(call.enclosingFunction, count);
      const options: SiteOptions = { ...extracted.options };
      if (call.inLoop) options.inLoop = true;
      if (call.agent && !options.agent) options.agent = { ...call.agent };
      const volume = inlineVolume(call.commentAbove);
      if (volume) options.inlineVolume = volume;
      const cap = extracted.outputCap;
      if (cap?.invalid !== undefined) {
        const message = `${cap.param} must be a positive whole number of tokens, not ${cap.invalid}: the call is priced as if it had no cap.`;
        findings.push(problem('invalid-output-cap', message, cap.range ?? extracted.range));
      }
      const id = `${parsed.file}#${call.enclosingFunction}${count > 1 ? `.${count}` : ''}`;
      sites.push({ ...extracted, id, options });
      // An agent's loop is its run's turns: per call of its function, the agent runs once.
      placed.push({ id, from: call.enclosingFunction, repeat: options.agent ? { times: 1, source: 'once' } : repeatOf(call) });
    }
  }
  const unread = unreadCalls(parsed.calls, claimed, parsed);
  const result: ExtractResult = { sites, findings };
  if (parsed.graph) result.graph = { ...parsed.graph, sites: placed };
  if (unread.length > 0) result.unreadCalls = unread;
  return result;
}

/** What is wrong with the file as a whole: syntax errors, nesting too deep to read, calls that failed to be read. */
function fileProblems(parsed: CodeFile, text: string): Finding[] {
  const findings: Finding[] = [];
  if (parsed.hasSyntaxErrors) {
    const index = new LineIndex(text);
    const firstLine = { start: { line: 0, character: 0 }, end: { line: 0, character: index.lineText(0).length } };
    findings.push(
      problem('syntax-error', 'This file has syntax errors: LLM calls in the part that does not parse may be missed until it is fixed.', firstLine),
    );
  }
  if (parsed.readUpTo !== undefined) {
    const at = new LineIndex(text).positionAt(parsed.readUpTo);
    const message = `Brackets nest more than ${MAX_CODE_NESTING} levels deep from this line on: the file is read up to here, so LLM calls after it are missed.`;
    findings.push(problem('nesting-too-deep', message, { start: at, end: at }));
  }
  for (const failure of parsed.failures) findings.push(internalError('Prompt Cost could not read the call here', failure.error, failure.range));
  return findings;
}

/**
 * The sites of the first SDK module that claims the call (none for a call it claims as sending no
 * prompt); undefined when no module claims it. A module that
 * fails on a call shaped in a way it did not foresee costs the file only that call: the failure is
 * logged and becomes an internal-error finding at the call.
 */
function sitesOf(call: CallSite, parsed: CodeFile, findings: Finding[], logger: Logger): Array<Omit<PromptSite, 'id'>> | undefined {
  for (const module of SDK_MODULES) {
    let found: ReturnType<SdkModule['extract']>;
    try {
      found = module.extract(call, parsed);
    } catch (error) {
      logger.error(`The ${module.id} module failed on ${call.call.callee} in ${parsed.file}`, error);
      findings.push(internalError(`Prompt Cost could not read this ${module.id} call`, error, call.call.range));
      continue;
    }
    if (found) return Array.isArray(found) ? found : [found];
  }
  return undefined;
}

/** The first line of a range, where a finding about a whole call goes (never a squiggle over twenty lines). */
function firstLineOf(range: Range, text: string): Range {
  if (range.start.line === range.end.line) return range;
  const line = new LineIndex(text).lineText(range.start.line);
  return { start: range.start, end: { line: range.start.line, character: line.length } };
}

/** Reads `promptcost: monthlyCalls=50000 outputTokens=300` (digits may be grouped with `_` or `,`). */
export function inlineVolume(comment: string | undefined): SiteOptions['inlineVolume'] {
  const line = comment === undefined ? undefined : VOLUME_COMMENT.exec(comment);
  if (!line) return undefined;
  const volume: NonNullable<SiteOptions['inlineVolume']> = {};
  for (const [, key, digits] of line[1].matchAll(VOLUME_SETTING)) {
    const value = Number(digits.replace(/[_,]/g, ''));
    if (!Number.isSafeInteger(value)) continue;
    if (key.toLowerCase() === 'monthlycalls') volume.monthlyCalls = value;
    else volume.outputTokens = value;
  }
  return Object.keys(volume).length > 0 ? volume : undefined;
}
