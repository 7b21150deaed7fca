import { PRICE_DATA } from '../pricing/priceData';
import { unreadableReason, type FileAnalysis } from './analyzeFile';
import { computeTotals, type Report, type ReportSite, type SkippedFile } from './report';

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
}

/**
 * Estimates every site in the files, with bounded concurrency, checking for cancellation between
 * files. A cancelled scan returns what it finished, marked `cancelled`.
 */
export async function scanFiles(files: readonly WorkspaceFile[], options: ScanOptions): Promise<Report> {
  const results: ReportSite[][] = new Array(files.length);
  const skipped: SkippedFile[] = [];
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < files.length && !options.signal?.aborted) {
      const position = next++;
      const file = files[position];
      try {
        const bytes = await file.read();
        if (options.signal?.aborted) return;
        const reason = unreadableReason(bytes);
        if (reason) {
          skipped.push({ file: file.path, reason });
        } else {
          const text = new TextDecoder('utf-8').decode(bytes);
          const analysis = await options.analyze(text, file.path);
          results[position] = analysis?.sites ?? [];
        }
      } catch (error) {
        skipped.push({ file: file.path, reason: `could not be read: ${error instanceof Error ? error.message : String(error)}` });
      }
      done++;
      options.onProgress?.(done, files.length, file.path);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, files.length)) }, worker));
  // Keep the order of the file list, whatever order the files finished in.
  const sites = results.flatMap((entry) => entry ?? []);
  skipped.sort((a, b) => a.file.localeCompare(b.file));
  return { pricesAsOf: PRICE_DATA.asOf, sites, skipped, cancelled: options.signal?.aborted ?? false, totals: computeTotals(sites) };
}
