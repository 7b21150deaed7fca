import { deserialize, serialize } from 'v8';
import { constants as zlibConstants, deflateRawSync, inflateRawSync } from 'zlib';
import type { Finding, Fix } from '../findings/finding';
import type { Alternative } from '../pricing/alternatives';
import type { Estimate, Message, MessageEstimate, PromptSite, VariableEstimate } from '../types';
import type { FileAnalysis } from '../workspace/analyzeFile';
import type { ReportSite } from '../workspace/report';
import { decodeShaped, encodeShaped, shareShapedStrings, type ShapedValues } from './shapedValues';
import { summarizeSites, withSitesOnRead, type SiteSummary } from '../workspace/sitesOnRead';

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
 * A scan's analyses (`packAnalysis(…, { compressDetails: true })`) send the file's details
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
  /** The detail groups: every site's `shown`, then every site's `detail`, then every site's `prompt`; deflated when `compressed`. */
  bytes: Uint8Array;
  /** Per group: offset and length in the detail bytes (once inflated, when `compressed`). */
  groups: Uint32Array;
  /** Whether `bytes` are deflated (raw deflate). */
  compressed: boolean;
  /** Per site, per group (`shown`, `detail`, then `prompt`): offset and length in its group's bytes. */
  spans: Uint32Array;
  /** What a scan asks of the sites before it builds them (sitesOnRead.ts). */
  summary: SiteSummary;
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
  const groups = new Uint32Array(GROUPS * 2);
  let detailBytes = 0;
  groupLengths.forEach((length, group) => {
    groups[group * 2] = detailBytes;
    groups[group * 2 + 1] = length;
    detailBytes += length;
  });
  // One deflate a file, at the fastest level: a deflater's set-up is most of what it costs on a
  // file's few kilobytes (three a file, at the default level, took 0.8 s of an 11,000-file scan;
  // one at level 1 takes half that, and the file's groups deflate smaller together than apart).
  const stored = compressDetails ? [deflateRawSync(joinedBytes(chunks.flat(), detailBytes), { level: 1 })] : chunks.flat();
  const encoded = encodeShaped(sites);
  // Every array in one buffer: one allocation and one transfer a file, not seven, and one
  // ArrayBuffer a report holds per file instead of seven (their objects alone were 3.7 MB of the
  // main thread's heap on the 11,000-file tree). Doubles first and bytes last, so that each array is aligned.
  const layout = new BufferLayout(
    encoded.numbers.byteLength +
      4 * (encoded.shapeOf.length + encoded.stringIndexes.length + encoded.shared.length + groups.length + spans.length) +
      stored.reduce((length, part) => length + part.length, 0),
  );
  const numbers = layout.float64(encoded.numbers);
  const [shapeOf, stringIndexes, shared, groupsCopy, spansCopy] = [encoded.shapeOf, encoded.stringIndexes, encoded.shared, groups, spans].map((column) =>
    layout.uint32(column),
  );
  // Bytes last: the arrays before them stay aligned.
  const bytes = layout.bytes(stored);
  const { sites: _sites, ...fileLevel } = analysis;
  return {
    analysis: fileLevel,
    sites: { ...encoded, numbers, shapeOf, stringIndexes, shared },
    bytes,
    groups: groupsCopy,
    compressed: compressDetails,
    spans: spansCopy,
    summary: summarizeSites(analysis.sites),
  };
}

/** Copies of typed arrays laid one after another in one buffer of their own. */
class BufferLayout {
  private readonly buffer: ArrayBuffer;
  private at = 0;

  constructor(byteLength: number) {
    this.buffer = new ArrayBuffer(byteLength);
  }

  float64(source: Float64Array): Float64Array {
    const copy = new Float64Array(this.buffer, this.at, source.length);
    copy.set(source);
    this.at += copy.byteLength;
    return copy;
  }

  uint32(source: Uint32Array): Uint32Array {
    const copy = new Uint32Array(this.buffer, this.at, source.length);
    copy.set(source);
    this.at += copy.byteLength;
    return copy;
  }

  /** The chunks one after another. */
  bytes(chunks: Uint8Array[]): Uint8Array {
    const length = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const copy = new Uint8Array(this.buffer, this.at, length);
    let at = 0;
    for (const chunk of chunks) {
      copy.set(chunk, at);
      at += chunk.length;
    }
    this.at += length;
    return copy;
  }
}

/** The chunks one after another in one buffer, for deflating. */
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
 * list) instead of copying them: each is the payload's own (packAnalysis lays every array anew in
 * one buffer), so the sender keeps nothing it still reads. Each listed once.
 */
export function payloadBuffers(payload: AnalysisPayload): ArrayBuffer[] {
  const { shapeOf, numbers, stringIndexes, shared } = payload.sites;
  return [...new Set([payload.bytes, payload.groups, payload.spans, shapeOf, numbers, stringIndexes, shared].map((array) => array.buffer as ArrayBuffer))];
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

/**
 * The main thread's side: the analysis as the worker had it, its sites built when first read
 * (`withSitesOnRead`) and their details decoded when first read. The strings its sites share with
 * other files are swapped for shared copies now, as it arrives.
 */
export function unpackAnalysis(payload: AnalysisPayload): FileAnalysis {
  shareShapedStrings(payload.sites);
  const unpacked = withSitesOnRead(payload.analysis, payload.summary, () => unpackSites(payload));
  PAYLOADS.set(unpacked, payload);
  return unpacked;
}

function unpackSites(payload: AnalysisPayload): ReportSite[] {
  const groups = new DetailGroups(payload);
  return (decodeShaped(payload.sites, { alreadyShared: true }) as PackedSite[]).map((packed, index) => {
    const details = new SiteDetails(groups, payload.spans, index);
    addDetailFields(packed.site, SITE_FIELDS, details);
    addDetailFields(packed.estimate, ESTIMATE_FIELDS, details);
    packed.findings.forEach((finding, position) => addDetailFields(finding, FINDING_FIELDS, { details, position }));
    addDetailFields(packed, REPORT_SITE_FIELDS, details);
    return packed as unknown as ReportSite;
  });
}

/**
 * Inflated details kept for the next read, most recently used last, up to this many bytes in all:
 * a report reads one field of every site of a file in turn, and each read would otherwise inflate
 * the file's details again.
 */
const INFLATED_BYTES_KEPT = 1024 * 1024;
const inflatedDetails = new Map<DetailGroups, Uint8Array>();
let inflatedBytes = 0;

/** One payload's detail groups: its bytes, inflated when first read (and kept a while). */
class DetailGroups {
  constructor(private readonly payload: AnalysisPayload) {}

  bytes(group: number): Uint8Array {
    const { groups } = this.payload;
    return this.all().subarray(groups[group * 2], groups[group * 2] + groups[group * 2 + 1]);
  }

  private all(): Uint8Array {
    const { bytes, compressed, groups } = this.payload;
    if (!compressed) return bytes;
    let inflated = inflatedDetails.get(this);
    if (inflated) {
      inflatedDetails.delete(this);
    } else {
      // Into a buffer of the details' own length (and the byte zlib needs to see they ended): by
      // default the result is a slice of a 16 KB buffer, which the details kept would hold whole
      // (on the 11,000-file tree's warm report, 35 MB more at its peak).
      inflated = inflateRawSync(bytes, { chunkSize: Math.max(zlibConstants.Z_MIN_CHUNK, groups[GROUPS * 2 - 2] + groups[GROUPS * 2 - 1] + 1) });
      inflatedBytes += inflated.length;
      for (const [kept, keptBytes] of inflatedDetails) {
        if (inflatedBytes <= INFLATED_BYTES_KEPT) break;
        inflatedDetails.delete(kept);
        inflatedBytes -= keptBytes.length;
      }
    }
    inflatedDetails.set(this, inflated);
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
