import { errorMessage, SILENT_LOGGER, type Logger } from '../log/logger';
import { PRICE_DATA } from '../pricing/priceData';
import { unreadableReason, type FileAnalysis } from './analyzeFile';
import { computeTotals, type FileFindings, type Report, type ReportSite, type SkippedFile } from './report';

/** A file to scan, read on demand so that a cancelled scan reads no more. */
export interface WorkspaceFile {
  /** Relative to the scanned root, `/` separators. */
  path: string;
  read(): Promise<Uint8Array>;
}

export interface ScanOptions {
  /**
   * Extracts and estimates one file: `analyzeFile` with the caller's context in the CLI, the
   * engine worker in the editor (so the scan neither parses nor counts on the main thread).
   */
  analyze: (text: string, file: string) => Promise<FileAnalysis | undefined>;
  /** Files read at once; counting itself is serialised by the tokenizer. */
  concurrency?: number;
  signal?: AbortSignal;
  onProgress?(done: number, total: number, file: string): void;
  /** Where skipped files and failures are logged. */
  logger?: Logger;
}

/**
 * Estimates every site in the files, with bounded concurrency, checking for cancellation between
 * files. A cancelled scan returns what it finished, marked `cancelled`.
 */
export async function scanFiles(files: readonly WorkspaceFile[], options: ScanOptions): Promise<Report> {
  const results: Array<FileAnalysis | undefined> = new Array(files.length);
  const skipped: SkippedFile[] = [];
  const logger = options.logger ?? SILENT_LOGGER;
  const skip = (file: string, reason: string) => {
    skipped.push({ file, reason });
    logger.warn(`Skipped ${file}: ${reason}`);
  };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < files.length && !options.signal?.aborted) {
      const position = next++;
      const file = files[position];
      let bytes: Uint8Array | undefined;
      try {
        bytes = await file.read();
      } catch (error) {
        skip(file.path, `could not be read: ${errorMessage(error)}`);
      }
      const reason = bytes && unreadableReason(bytes);
      if (options.signal?.aborted) return;
      if (reason) skip(file.path, reason);
      else if (bytes) {
        try {
          results[position] = await options.analyze(new TextDecoder('utf-8').decode(bytes), file.path);
        } catch (error) {
          // analyzeFile turns its own failures into findings: this is the analysis not running at all (the worker stopped).
          logger.error(`Analysing ${file.path} failed`, error);
          skip(file.path, `Prompt Cost failed on this file: ${errorMessage(error)}`);
        }
      }
      done++;
      options.onProgress?.(done, files.length, file.path);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, files.length)) }, worker));
  // Keep the order of the file list, whatever order the files finished in.
  const sites: ReportSite[] = results.flatMap((analysis) => analysis?.sites ?? []);
  const fileFindings: FileFindings[] = results.flatMap((analysis, i) =>
    analysis && analysis.findings.length > 0 ? [{ file: files[i].path, findings: analysis.findings }] : [],
  );
  skipped.sort((a, b) => a.file.localeCompare(b.file));
  return { pricesAsOf: PRICE_DATA.asOf, sites, fileFindings, skipped, cancelled: options.signal?.aborted ?? false, totals: computeTotals(sites) };
}
