import { deserialize, serialize } from 'v8';
import type { Finding, Fix } from '../findings/finding';
import type { Alternative } from '../pricing/alternatives';
import type { Estimate, Message, MessageEstimate, PromptSite, VariableEstimate } from '../types';
import type { FileAnalysis } from '../workspace/analyzeFile';
import type { ReportSite } from '../workspace/report';
import { decodeShaped, encodeShaped, type ShapedValues } from './shapedValues';

/**
 * How one file's analysis crosses from the engine worker to the editor's main thread. Structured
 * cloning costs the receiving thread time per object, and a file of hundreds of calls carries tens
 * of thousands (most of them in parts only a hover or a quick fix reads): decoded eagerly, a
 * 5,000-line file's analysis held the extension host's thread for 15–50 ms. So each site crosses as
 * what every analysis is shown with (its range, id, model, tokens, cost, findings) and three groups
 * of details as bytes, decoded on the main thread the first time a field of the group is read:
 *
 * - `shown`: the estimate's messages and variables (inlay hints; the hover looks for the variable under the cursor);
 * - `detail`: the assumptions, the cheaper alternatives and the findings' fixes (hover, quick fixes, reports);
 * - `prompt`: the site's messages, the prompt's text (the hover's preview, checking a fix): the
 *   largest group and one a workspace report never reads, so that a report of thousands of sites
 *   does not decode and hold every prompt.
 *
 * What every site is shown with crosses as shapes and columns (shapedValues.ts), not as objects,
 * because decoding ten thousand small objects is what held the thread: a 5,000-line file's sites
 * now arrive in a third of the time.
 *
 * Nothing is lost: the unpacked analysis reads as the worker's did (its fields in another key order),
 * so every figure and report is the same.
 */
export interface AnalysisPayload {
  /** The file's analysis but its sites. */
  analysis: Omit<FileAnalysis, 'sites'>;
  /** Per site, a `PackedSite`. */
  sites: ShapedValues;
  /** The detail groups of every site, one after another: `spans` says where each lies. */
  bytes: Uint8Array;
  /** Per site, per group (`shown`, `detail`, then `prompt`): offset and length in `bytes`. */
  spans: Uint32Array;
}

export interface PackedSite {
  site: Omit<PromptSite, 'messages'>;
  estimate: Omit<Estimate, 'messages' | 'variables' | 'assumptions'>;
  findings: Array<Omit<Finding, 'fixes'>>;
}

interface Shown {
  messages: MessageEstimate[];
  variables: VariableEstimate[];
}

interface Detail {
  assumptions: string[];
  alternatives: Alternative[];
  fixes: Fix[][];
}

interface Prompt {
  messages: Message[];
}

const GROUPS = 3;

/** The worker's side: copies, so that what the worker holds for later analyses is left whole. */
export function packAnalysis(analysis: FileAnalysis): AnalysisPayload {
  const chunks: Uint8Array[] = [];
  const spans: number[] = [];
  let offset = 0;
  const add = (value: Shown | Detail | Prompt) => {
    const chunk = serialize(value);
    chunks.push(chunk);
    spans.push(offset, chunk.length);
    offset += chunk.length;
  };
  const share = sharedValues();
  const sites = analysis.sites.map(({ site, estimate, findings, alternatives }): PackedSite => {
    const { messages, ...packedSite } = site;
    const { messages: messageEstimates, variables, assumptions, ...estimateRest } = estimate;
    add({ messages: messageEstimates, variables });
    add({ assumptions, alternatives, fixes: findings.map((finding) => finding.fixes) });
    add({ messages });
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
  const { sites: _sites, ...fileLevel } = analysis;
  return { analysis: fileLevel, sites: encodeShaped(sites), bytes, spans: Uint32Array.from(spans) };
}

/**
 * The buffers a payload's arrays own, for a message that hands them over (`postMessage`'s transfer
 * list) instead of copying them: each is the payload's own (packAnalysis makes every array anew), so
 * none is listed twice and the sender keeps nothing it still reads.
 */
export function payloadBuffers(payload: AnalysisPayload): ArrayBuffer[] {
  const { shapeOf, numbers, stringIndexes, shared } = payload.sites;
  return [payload.bytes, payload.spans, shapeOf, numbers, stringIndexes, shared].map((array) => array.buffer as ArrayBuffer);
}

/**
 * One object for every equal value it is given: most sites of a file share their model, cache
 * rules, price source and rates, and a shared object crosses once and is decoded once (a 5,000-line
 * file: 498 sites, a fifth fewer bytes). The main thread reads these, never writes them.
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
export function packedForm(analysis: FileAnalysis): AnalysisPayload {
  return PAYLOADS.get(analysis) ?? packAnalysis(analysis);
}

/** The main thread's side: the analysis as the worker had it, its details decoded when first read. */
export function unpackAnalysis(payload: AnalysisPayload): FileAnalysis {
  const sites = (decodeShaped(payload.sites) as PackedSite[]).map((packed, index) => {
    const details = new SiteDetails(payload.bytes, payload.spans, index);
    addDetailFields(packed.site, SITE_FIELDS, details);
    addDetailFields(packed.estimate, ESTIMATE_FIELDS, details);
    packed.findings.forEach((finding, position) => addDetailFields(finding, FINDING_FIELDS, { details, position }));
    addDetailFields(packed, REPORT_SITE_FIELDS, details);
    return packed as unknown as ReportSite;
  });
  const unpacked: FileAnalysis = { ...payload.analysis, sites };
  PAYLOADS.set(unpacked, payload);
  return unpacked;
}

/** One site's detail groups: bytes until a field of the group is first read. */
class SiteDetails {
  private shownGroup?: Shown;
  private detailGroup?: Detail;
  private promptGroup?: Prompt;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly spans: Uint32Array,
    private readonly index: number,
  ) {}

  shown(): Shown {
    return (this.shownGroup ??= this.decode<Shown>(0));
  }

  detail(): Detail {
    return (this.detailGroup ??= this.decode<Detail>(1));
  }

  prompt(): Prompt {
    return (this.promptGroup ??= this.decode<Prompt>(2));
  }

  private decode<T>(group: number): T {
    const at = (this.index * GROUPS + group) * 2;
    return deserialize(this.bytes.subarray(this.spans[at], this.spans[at] + this.spans[at + 1])) as T;
  }
}

/** A finding's fixes are the `position`th list of its site's. */
interface FindingDetails {
  details: SiteDetails;
  position: number;
}

/** Where each unpacked object's detail fields are read from. */
const DETAILS_OF = new WeakMap<object, SiteDetails | FindingDetails>();

/**
 * The detail fields, as accessors that every unpacked object shares (no functions made per site,
 * which at hundreds of sites cost more than the decoding). Reading one decodes its group; setting
 * one makes it a plain field of that object.
 */
function detailField<Owner extends SiteDetails | FindingDetails>(name: string, read: (owner: Owner) => unknown): PropertyDescriptor {
  return {
    enumerable: true,
    configurable: true,
    get(this: object) {
      return read(DETAILS_OF.get(this) as Owner);
    },
    set(this: object, value: unknown) {
      Object.defineProperty(this, name, { value, writable: true, enumerable: true, configurable: true });
    },
  };
}

const SITE_FIELDS: PropertyDescriptorMap = {
  messages: detailField<SiteDetails>('messages', (details) => details.prompt().messages),
};
const ESTIMATE_FIELDS: PropertyDescriptorMap = {
  messages: detailField<SiteDetails>('messages', (details) => details.shown().messages),
  variables: detailField<SiteDetails>('variables', (details) => details.shown().variables),
  assumptions: detailField<SiteDetails>('assumptions', (details) => details.detail().assumptions),
};
const FINDING_FIELDS: PropertyDescriptorMap = {
  fixes: detailField<FindingDetails>('fixes', ({ details, position }) => details.detail().fixes[position]),
};
const REPORT_SITE_FIELDS: PropertyDescriptorMap = {
  alternatives: detailField<SiteDetails>('alternatives', (details) => details.detail().alternatives),
};

function addDetailFields(target: object, fields: PropertyDescriptorMap, details: SiteDetails | FindingDetails): void {
  DETAILS_OF.set(target, details);
  Object.defineProperties(target, fields);
}
