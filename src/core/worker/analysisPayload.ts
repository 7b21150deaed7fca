import { deserialize, serialize } from 'v8';
import type { Finding, Fix } from '../findings/finding';
import type { Alternative } from '../pricing/alternatives';
import type { Estimate, Message, MessageEstimate, PromptSite, VariableEstimate } from '../types';
import type { FileAnalysis } from '../workspace/analyzeFile';
import type { ReportSite } from '../workspace/report';

/**
 * How one file's analysis crosses from the engine worker to the editor's main thread. Structured
 * cloning costs the receiving thread time per object, and a file of hundreds of calls carries tens
 * of thousands (most of them in parts only a hover or a quick fix reads): decoded eagerly, a
 * 5,000-line file's analysis held the extension host's thread for 15–50 ms. So each site crosses as
 * what every analysis is shown with (its range, id, model, tokens, cost, findings) and two groups of
 * details as bytes, decoded on the main thread the first time a field of the group is read:
 *
 * - `shown`: the estimate's messages and variables (inlay hints; the hover looks for the variable under the cursor);
 * - `detail`: the site's messages, the assumptions, the cheaper alternatives and the findings' fixes
 *   (hover, quick fixes, reports).
 *
 * Nothing is lost: the unpacked analysis reads as the worker's did (its fields in another key order),
 * so every figure and report is the same. A site's `file` is left out when it is the file analysed,
 * which the main thread knows.
 */
export interface AnalysisPayload {
  analysis: PackedAnalysis;
  /** The detail groups of every site, one after another: `spans` says where each lies. */
  bytes: Uint8Array;
  /** Per site, per group (`shown`, then `detail`): offset and length in `bytes`. */
  spans: number[];
}

export type PackedAnalysis = Omit<FileAnalysis, 'sites'> & { sites: PackedSite[] };

export interface PackedSite {
  site: Omit<PromptSite, 'messages' | 'file'> & { file?: string };
  estimate: Omit<Estimate, 'messages' | 'variables' | 'assumptions'>;
  findings: Array<Omit<Finding, 'fixes'>>;
}

interface Shown {
  messages: MessageEstimate[];
  variables: VariableEstimate[];
}

interface Detail {
  messages: Message[];
  assumptions: string[];
  alternatives: Alternative[];
  fixes: Fix[][];
}

const GROUPS = 2;

/** The worker's side: copies, so that what the worker holds for later analyses is left whole. */
export function packAnalysis(analysis: FileAnalysis, file: string): AnalysisPayload {
  const chunks: Uint8Array[] = [];
  const spans: number[] = [];
  let offset = 0;
  const add = (value: Shown | Detail) => {
    const chunk = serialize(value);
    chunks.push(chunk);
    spans.push(offset, chunk.length);
    offset += chunk.length;
  };
  const share = sharedValues();
  const sites = analysis.sites.map(({ site, estimate, findings, alternatives }): PackedSite => {
    const { messages, file: siteFile, ...siteRest } = site;
    const { messages: messageEstimates, variables, assumptions, ...estimateRest } = estimate;
    add({ messages: messageEstimates, variables });
    add({ messages, assumptions, alternatives, fixes: findings.map((finding) => finding.fixes) });
    const packedSite = siteFile === file ? siteRest : { ...siteRest, file: siteFile };
    if (packedSite.model) packedSite.model = share(packedSite.model);
    const cost = { ...estimateRest.cost };
    if (cost.priceSource) cost.priceSource = share(cost.priceSource);
    if (cost.rates) cost.rates = share(cost.rates);
    return {
      site: packedSite,
      estimate: { ...estimateRest, model: share(estimateRest.model), cache: share(estimateRest.cache), cost },
      findings: findings.map(({ fixes: _fixes, ...finding }) => finding),
    };
  });
  // One buffer of its own (never a slice of Node's shared pool), so the message carries only these bytes.
  const bytes = new Uint8Array(offset);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return { analysis: { ...analysis, sites }, bytes, spans };
}

/**
 * One object for every equal value it is given: most sites of a file share their model, cache
 * rules, price source and rates, and the structured clone writes a shared object once and decodes
 * it once (a 5,000-line file: 498 sites, a fifth fewer bytes). The main thread reads these, never
 * writes them.
 */
function sharedValues(): <T extends object>(value: T) => T {
  const seen = new Map<string, object>();
  return <T extends object>(value: T): T => {
    // A field set to undefined is kept apart from a missing one, as the structured clone keeps it.
    const key = JSON.stringify(value, (_, field: unknown) => (field === undefined ? '\u0000undefined' : field));
    const known = seen.get(key);
    if (known) return known as T;
    seen.set(key, value);
    return value;
  };
}

/** The payload each unpacked analysis came from, so that it can be stored again without decoding its details. */
const PAYLOADS = new WeakMap<FileAnalysis, AnalysisPayload>();

/**
 * The analysis packed: the payload it was unpacked from when there is one (its details still
 * undecoded), else packed now. The scan cache stores analyses this way.
 */
export function packedForm(analysis: FileAnalysis, file: string): AnalysisPayload {
  return PAYLOADS.get(analysis) ?? packAnalysis(analysis, file);
}

/** The main thread's side: the analysis as the worker had it, its details decoded when first read. */
export function unpackAnalysis(payload: AnalysisPayload, file: string): FileAnalysis {
  const unpacked = unpackPayload(payload, file);
  PAYLOADS.set(unpacked, payload);
  return unpacked;
}

function unpackPayload({ analysis, bytes, spans }: AnalysisPayload, file: string): FileAnalysis {
  const sites = analysis.sites.map((packed, index): ReportSite => {
    const decode = <T>(group: number): (() => T) => {
      let value: T | undefined;
      const at = (index * GROUPS + group) * 2;
      return () => (value ??= deserialize(bytes.subarray(spans[at], spans[at] + spans[at + 1])) as T);
    };
    return unpackSite(packed, file, decode<Shown>(0), decode<Detail>(1));
  });
  return { ...analysis, sites };
}

/**
 * A site whose detail fields are accessors that decode their group on first read (and may be set,
 * as any field). Object literals, not `defineProperty` on the decoded objects: V8 then keeps them
 * fast objects, which matters at hundreds of sites.
 */
function unpackSite(packed: PackedSite, file: string, shown: () => Shown, detail: () => Detail): ReportSite {
  let messages: Message[] | undefined;
  let messageEstimates: MessageEstimate[] | undefined;
  let variables: VariableEstimate[] | undefined;
  let assumptions: string[] | undefined;
  let alternatives: Alternative[] | undefined;
  const site: PromptSite = {
    file,
    ...packed.site,
    get messages() {
      return (messages ??= detail().messages);
    },
    set messages(value) {
      messages = value;
    },
  };
  const estimate: Estimate = {
    ...packed.estimate,
    get messages() {
      return (messageEstimates ??= shown().messages);
    },
    set messages(value) {
      messageEstimates = value;
    },
    get variables() {
      return (variables ??= shown().variables);
    },
    set variables(value) {
      variables = value;
    },
    get assumptions() {
      return (assumptions ??= detail().assumptions);
    },
    set assumptions(value) {
      assumptions = value;
    },
  };
  const findings = packed.findings.map((finding, position): Finding => {
    let fixes: Fix[] | undefined;
    return {
      ...finding,
      get fixes() {
        return (fixes ??= detail().fixes[position]);
      },
      set fixes(value) {
        fixes = value;
      },
    };
  });
  return {
    site,
    estimate,
    findings,
    get alternatives() {
      return (alternatives ??= detail().alternatives);
    },
    set alternatives(value) {
      alternatives = value;
    },
  };
}
