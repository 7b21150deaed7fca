import { deserialize, serialize } from 'v8';
import { deflateRawSync, inflateRawSync } from 'zlib';
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
 * A scan's analyses (`packAnalysis(…, { compressDetails: true })`) send each group of the file
 * deflated: the main thread holds every scanned file's details for as long as its report is shown
 * (and the scan cache stores them as they came), and on an 11,000-file tree they were 41 MB of a
 * 450 MB peak, 14 MB deflated. The editor's own analyses stay uncompressed: deflating a 5,000-line
 * file's details would be on every edit's path, for one file's bytes.
 *
 * Nothing is lost: the unpacked analysis reads as the worker's did (its fields in another key order),
 * so every figure and report is the same.
 */
export interface AnalysisPayload {
  /** The file's analysis but its sites. */
  analysis: Omit<FileAnalysis, 'sites'>;
  /** Per site, a `PackedSite`. */
  sites: ShapedValues;
  /** The detail groups: every site's `shown`, then every site's `detail`, then every site's `prompt`. */
  bytes: Uint8Array;
  /** Per group: offset and length in `bytes` (deflated when `compressed`). */
  groups: Uint32Array;
  /** Whether each group's bytes are deflated (raw deflate); then a site's span is in the group inflated. */
  compressed: boolean;
  /** Per site, per group (`shown`, `detail`, then `prompt`): offset and length in its group's bytes. */
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
export function packAnalysis(analysis: FileAnalysis, { compressDetails = false } = {}): AnalysisPayload {
  const chunks: Uint8Array[][] = Array.from({ length: GROUPS }, () => []);
  const groupLengths = new Array<number>(GROUPS).fill(0);
  const spans = new Uint32Array(analysis.sites.length * GROUPS * 2);
  let span = 0;
  const add = (group: number, value: Shown | Detail | Prompt) => {
    const chunk = serialize(value);
    chunks[group].push(chunk);
    spans[span++] = groupLengths[group];
    spans[span++] = chunk.length;
    groupLengths[group] += chunk.length;
  };
  const share = sharedValues();
  const sites = analysis.sites.map(({ site, estimate, findings, alternatives }): PackedSite => {
    const { messages, ...packedSite } = site;
    const { messages: messageEstimates, variables, assumptions, ...estimateRest } = estimate;
    add(0, { messages: messageEstimates, variables });
    add(1, { assumptions, alternatives, fixes: findings.map((finding) => finding.fixes) });
    add(2, { messages });
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
  const groupBytes = chunks.map((groupChunks, group) => {
    const joined = joinedBytes(groupChunks, groupLengths[group]);
    return compressDetails ? deflateRawSync(joined) : joined;
  });
  const groups = new Uint32Array(GROUPS * 2);
  groupBytes.forEach((bytes, group) => {
    groups[group * 2] = group === 0 ? 0 : groups[group * 2 - 2] + groups[group * 2 - 1];
    groups[group * 2 + 1] = bytes.length;
  });
  const { sites: _sites, ...fileLevel } = analysis;
  const bytes = joinedBytes(groupBytes, groups[GROUPS * 2 - 2] + groups[GROUPS * 2 - 1]);
  return { analysis: fileLevel, sites: encodeShaped(sites), bytes, groups, compressed: compressDetails, spans };
}

/** The chunks one after another in one buffer of its own (never a slice of Node's shared pool), so the message carries only these bytes. */
function joinedBytes(chunks: Uint8Array[], length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/**
 * The buffers a payload's arrays own, for a message that hands them over (`postMessage`'s transfer
 * list) instead of copying them: each is the payload's own (packAnalysis makes every array anew), so
 * none is listed twice and the sender keeps nothing it still reads.
 */
export function payloadBuffers(payload: AnalysisPayload): ArrayBuffer[] {
  const { shapeOf, numbers, stringIndexes, shared } = payload.sites;
  return [payload.bytes, payload.groups, payload.spans, shapeOf, numbers, stringIndexes, shared].map((array) => array.buffer as ArrayBuffer);
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
  const groups = new DetailGroups(payload);
  const sites = (decodeShaped(payload.sites) as PackedSite[]).map((packed, index) => {
    const details = new SiteDetails(groups, payload.spans, index);
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

/**
 * Inflated groups kept for the next read, most recently used last, up to this many bytes in all: a
 * report reads one field of every site of a file in turn, and each read would otherwise inflate
 * the file's group again.
 */
const INFLATED_BYTES_KEPT = 8 * 1024 * 1024;
const inflatedGroups = new Map<object, Uint8Array>();
let inflatedBytes = 0;

/** One payload's detail groups: its bytes, each group inflated when first read (and kept a while). */
class DetailGroups {
  /** One key per group for `inflatedGroups`. */
  private readonly keys = Array.from({ length: GROUPS }, () => ({}));

  constructor(private readonly payload: AnalysisPayload) {}

  bytes(group: number): Uint8Array {
    const { bytes, groups, compressed } = this.payload;
    const stored = bytes.subarray(groups[group * 2], groups[group * 2] + groups[group * 2 + 1]);
    if (!compressed) return stored;
    const key = this.keys[group];
    let inflated = inflatedGroups.get(key);
    if (inflated) {
      inflatedGroups.delete(key);
    } else {
      inflated = inflateRawSync(stored);
      inflatedBytes += inflated.length;
      for (const [keptKey, kept] of inflatedGroups) {
        if (inflatedBytes <= INFLATED_BYTES_KEPT) break;
        inflatedGroups.delete(keptKey);
        inflatedBytes -= kept.length;
      }
    }
    inflatedGroups.set(key, inflated);
    return inflated;
  }
}

/** One site's detail groups: bytes until a field of the group is first read. */
class SiteDetails {
  private shownGroup?: Shown;
  private detailGroup?: Detail;
  private promptGroup?: Prompt;

  constructor(
    private readonly groups: DetailGroups,
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
    return deserialize(this.groups.bytes(group).subarray(this.spans[at], this.spans[at] + this.spans[at + 1])) as T;
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
