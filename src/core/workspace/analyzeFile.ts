import { extractCodeSites } from '../extract/code/extractCode';
import { NO_OTHER_FILES, type SourceReader } from '../extract/code/sourceReader';
import { extractPromptFile } from '../extract/promptFiles';
import { estimateSite, type EstimateContext } from '../cost/estimateSite';
import type { Finding } from '../types';
import type { ReportSite } from './report';

/** Prompt files larger than this are not parsed: a prompt that big is data, not a prompt. */
export const MAX_PROMPT_FILE_BYTES = 1_000_000;

export interface FileAnalysis {
  sites: ReportSite[];
  /** Problems that belong to the file rather than to one site (also copied onto its sites). */
  findings: Finding[];
}

/**
 * Extracts and estimates every site of one file: a prompt file, or source code with LLM calls.
 * Returns undefined for other files. Never throws on bad input: problems become findings.
 * `reader` lets code resolution follow imports and files read from disk.
 */
export async function analyzeFile(text: string, file: string, context: EstimateContext, reader: SourceReader = NO_OTHER_FILES): Promise<FileAnalysis | undefined> {
  const extracted = extractPromptFile(text, file) ?? (await extractCodeSites(text, file, reader));
  if (!extracted) return undefined;
  const sites: ReportSite[] = [];
  for (const site of extracted.sites) {
    const { estimate, findings } = await estimateSite(site, context);
    sites.push({ site, estimate, findings: [...extracted.findings, ...findings] });
  }
  return { sites, findings: extracted.findings };
}

/** Why bytes cannot be read as a prompt file, or undefined when they can. */
export function unreadableReason(bytes: Uint8Array): string | undefined {
  if (bytes.byteLength > MAX_PROMPT_FILE_BYTES) return `larger than ${MAX_PROMPT_FILE_BYTES.toLocaleString('en-US')} bytes; not parsed`;
  // A NUL byte in the first 8 KB is how git and most editors tell binary from text.
  if (bytes.subarray(0, 8192).includes(0)) return 'looks binary; not parsed';
  return undefined;
}
