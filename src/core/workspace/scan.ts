import { errorMessage, SILENT_LOGGER, type Logger } from '../log/logger';
import { PRICE_DATA } from '../pricing/priceData';
import type { FileAnalysis } from './analyzeFile';
import { unreadableReason, type NotRead } from './fileLimits';
import { HOLD_THREAD_MS, nextTurn } from './threadTurns';
import { computeTotals, type FileFindings, type Report, type ReportSite, type SkippedFile, type UnreadCallAt } from './report';

/** A file to scan, read on demand so that a cancelled scan reads no more. */
export interface WorkspaceFile {
  /** Relative to the scanned root, `/` separators. */
  path: string;
  /**
   * The file's bytes, or why they were not read (a named pipe, a file over the size limit, a link out
   * of the folder…), decided before reading them whole. Rejects when reading fails.
   */
  read(): Promise<Uint8Array | NotRead>;
  /**
   * The file's absolute path on disk, when `read()` would now return exactly the bytes there (not
   * for a document open in the editor, whose text may differ from the disk's). A scan cache may then
   * answer from the file's size and time instead of reading it (see `ScanOptions.known`).
   */
  diskPath?(): string | undefined;
}

/** What is known of a file without reading it: its analysis (`undefined` for a file without sites). */
export interface KnownAnalysis {
  analysis: FileAnalysis | undefined;
}

export interface ScanOptions {
  /**
   * Extracts and estimates one file: `analyzeFile` with the caller's context in the CLI, the
   * engine worker in the editor (so the scan neither parses nor counts on the main thread).
   */
  analyze: (text: string, file: string, diskPath: string | undefined) => Promise<FileAnalysis | undefined>;
  /**
   * The analysis of a file on disk known without reading it (the scan cache's, for a file unchanged
   * since its entry was made), or `undefined` to read and analyse it.
   */
  known?: (file: string, diskPath: string) => KnownAnalysis | undefined;
  /** Files read at once; counting itself is serialised by the tokenizer. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?(done: number, total: number, file: string): void;
  /** Where skipped files and failures are logged. */
  logger?: Logger;
  /**
   * Called once every file is analysed (or the scan is cancelled), before the report reads the
   * analyses' sites, which an analysis from the worker builds only then (sitesOnRead.ts). The CLI's
   * only scan stops the engine's workers here: the sites are then built in the memory the workers held.
   */
  beforeReport?: () => Promise<void>;
}

/**
 * Estimates every site in the files, with bounded concurrency, checking for cancellation between
 * files. A cancelled scan returns what it finished, marked `cancelled`.
 */
export async function scanFiles(files: readonly WorkspaceFile[], options: ScanOptions): Promise<Report> {
  const results: Array<FileAnalysis | undefined> = new Array(files.length);
  const skipped: SkippedFile[] = [];
  const logger = options.logger ?? SILENT_LOGGER;
  const skip = (file: string, { cause, reason }: NotRead) => {
    skipped.push({ file, reason, cause });
    logger.warn(`Skipped ${file}: ${reason}`);
  };
  let next = 0;
  let done = 0;
  // Files known from the cache are answered without waiting on anything (threadTurns.ts): the scan
  // gives way once it has held the thread for HOLD_THREAD_MS, every concurrent loop in the same
  // turn (one pause they all wait on), so that cancellation and other work are seen meanwhile.
  let heldSince = performance.now();
  let pause: Promise<void> | undefined;
  const giveWay = () =>
    (pause ??= nextTurn().then(() => {
      pause = undefined;
      heldSince = performance.now();
    }));
  const worker = async () => {
    while (next < files.length && !options.signal?.aborted) {
      if (pause) {
        await pause;
        continue;
      }
      const position = next++;
      const file = files[position];
      const diskPath = file.diskPath?.();
      const known = diskPath === undefined ? undefined : options.known?.(file.path, diskPath);
      if (known) {
        results[position] = known.analysis;
        done++;
        options.onProgress?.(done, files.length, file.path);
        if (performance.now() - heldSince > HOLD_THREAD_MS) await giveWay();
        continue;
      }
      let read: Uint8Array | NotRead;
      try {
        read = await file.read();
      } catch (error) {
        read = { cause: 'unreadable', reason: `could not be read: ${errorMessage(error)}` };
      }
      if (options.signal?.aborted) return;
      // Bytes are checked again whoever read them: the editor's reader knows no size limit.
      const notRead = ArrayBuffer.isView(read) ? unreadableReason(read, file.path) : read;
      if (notRead) skip(file.path, notRead);
      else if (ArrayBuffer.isView(read)) {
        try {
          // Invalid UTF-8 becomes U+FFFD, as an editor shows it: the rest of the file is still estimated.
          results[position] = await options.analyze(new TextDecoder('utf-8').decode(read), file.path, diskPath);
        } catch (error) {
          // analyzeFile turns its own failures into findings: this is the analysis not running at all (the worker stopped).
          logger.error(`Analysing ${file.path} failed`, error);
          skip(file.path, { cause: 'analysis-failed', reason: `Prompt Cost failed on this file: ${errorMessage(error)}` });
        }
      }
      done++;
      options.onProgress?.(done, files.length, file.path);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, files.length)) }, worker));
  await options.beforeReport?.();
  // Keep the order of the file list, whatever order the files finished in. Reading an analysis's
  // sites may build them (sitesOnRead.ts): giving way as above, where building every file's at
  // once held the thread for 250 ms on the 11,000-file tree's re-scan.
  const sites: ReportSite[] = [];
  heldSince = performance.now();
  for (const analysis of results) {
    for (const site of analysis?.sites ?? []) sites.push(site);
    if (performance.now() - heldSince > HOLD_THREAD_MS) await giveWay();
  }
  const fileFindings: FileFindings[] = results.flatMap((analysis, i) =>
    analysis && analysis.findings.length > 0 ? [{ file: files[i].path, findings: analysis.findings }] : [],
  );
  skipped.sort((a, b) => a.file.localeCompare(b.file));
  const unreadCalls: UnreadCallAt[] = results.flatMap((analysis, i) =>
    (analysis?.unreadCalls ?? []).map(({ callee, sdk, range }) => ({ file: files[i].path, line: range.start.line + 1, callee, sdk })),
  );
  return {
    pricesAsOf: PRICE_DATA.asOf,
    sites,
    fileFindings,
    skipped,
    cancelled: options.signal?.aborted ?? false,
    totals: computeTotals(sites),
    unreadCalls,
    tasks: results.flatMap((analysis) => analysis?.tasks ?? []),
  };
}

/**
 * The report with one file's analysis put in place of what the scan found in it (an edit in the
 * editor, before the next full scan): its sites where they were, or in file order if new, its
 * problems and tasks, and the totals summed again.
 */
export function withFileAnalysis(report: Report, file: string, analysis: FileAnalysis | undefined): Report {
  const before = (other: string) => other.localeCompare(file) < 0;
  const replaceIn = <T extends { file: string }>(list: readonly T[], replacement: readonly T[]): T[] => {
    const first = list.findIndex((item) => item.file === file);
    const at = first >= 0 ? first : list.filter((item) => before(item.file)).length;
    const rest = list.filter((item) => item.file !== file);
    return [...rest.slice(0, at), ...replacement, ...rest.slice(at)];
  };
  const sites = replaceIn(
    report.sites.map((reportSite) => ({ file: reportSite.site.file, reportSite })),
    (analysis?.sites ?? []).map((reportSite) => ({ file, reportSite })),
  ).map(({ reportSite }) => reportSite);
  const findings = analysis && analysis.findings.length > 0 ? [{ file, findings: analysis.findings }] : [];
  const updated: Report = {
    ...report,
    sites,
    fileFindings: replaceIn(report.fileFindings, findings),
    totals: computeTotals(sites),
  };
  if (report.tasks) updated.tasks = replaceIn(report.tasks, analysis?.tasks ?? []);
  return updated;
}

/**
 * The report without the files `drop` names, its totals summed again: the base branch's report
 * without the files the workspace estimate excludes (files.exclude, promptcost.exclude), so that
 * both sides of a comparison count the same files.
 */
export function withoutFiles(report: Report, drop: ReadonlySet<string>): Report {
  if (drop.size === 0) return report;
  const sites = report.sites.filter(({ site }) => !drop.has(site.file));
  return {
    ...report,
    sites,
    fileFindings: report.fileFindings.filter(({ file }) => !drop.has(file)),
    skipped: report.skipped.filter(({ file }) => !drop.has(file)),
    unreadCalls: report.unreadCalls?.filter(({ file }) => !drop.has(file)),
    tasks: report.tasks?.filter(({ file }) => !drop.has(file)),
    totals: computeTotals(sites),
  };
}
