import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { toWorkflowCommands, type Annotation } from '../core';

/** GitHub keeps at most 1 MiB of a step's summary; past that the step's summary is dropped whole. */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;

/**
 * `--format github`: the human-readable output for the log, fenced off with `stop-commands` so that
 * no text from the analysed code (a site's name, a prompt) can be read as a workflow command; then
 * the annotations, most expensive first; then the Markdown appended to `$GITHUB_STEP_SUMMARY`
 * when the runner sets it.
 */
export function printForGitHub(text: string, annotations: readonly Annotation[], summaryMarkdown: string): void {
  const fence = randomBytes(16).toString('hex');
  console.log(`::stop-commands::${fence}`);
  console.log(text);
  console.log(`::${fence}::`);
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  for (const line of toWorkflowCommands(annotations, summaryFile ? 'the job summary' : 'the log above')) console.log(line);
  if (summaryFile) appendStepSummary(summaryFile, summaryMarkdown);
}

/** Appends to the step summary, cut to what GitHub keeps (with a line saying so); a write that fails is said, not fatal. */
export function appendStepSummary(file: string, markdown: string): void {
  try {
    const used = fs.existsSync(file) ? fs.statSync(file).size : 0;
    fs.appendFileSync(file, `${fitSummary(markdown, STEP_SUMMARY_LIMIT - used)}\n`);
  } catch (error) {
    console.error(`promptcost: could not write the job summary to ${file}: ${(error as Error).message}`);
  }
}

const CUT_NOTE = '\n\n_The rest is cut: GitHub keeps 1 MiB of a step summary. Run `promptcost` locally for the whole report._';

/** The Markdown within `room` bytes: whole lines, then a note that the rest was cut. */
export function fitSummary(markdown: string, room: number): string {
  if (Buffer.byteLength(markdown) + 1 <= room) return markdown;
  const budget = room - Buffer.byteLength(CUT_NOTE) - 1;
  if (budget <= 0) return '';
  const kept: string[] = [];
  let size = 0;
  for (const line of markdown.split('\n')) {
    const bytes = Buffer.byteLength(line) + 1;
    if (size + bytes > budget) break;
    kept.push(line);
    size += bytes;
  }
  return `${kept.join('\n')}${CUT_NOTE}`;
}

/**
 * Annotations with paths from the repository's root, as GitHub places them: the report's paths are
 * relative to the scanned folder (`root`), and the runner's root is `$GITHUB_WORKSPACE` (else the
 * current folder). A path outside it is left as the report has it.
 */
export function fromRoot(root: string, annotations: readonly Annotation[]): Annotation[] {
  const workspace = path.resolve(process.env.GITHUB_WORKSPACE ?? process.cwd());
  return annotations.map((annotation) => {
    if (annotation.file === undefined) return annotation;
    const relative = path.relative(workspace, path.resolve(root, annotation.file));
    if (relative.startsWith('..') || path.isAbsolute(relative)) return annotation;
    return { ...annotation, file: relative.split(path.sep).join('/') };
  });
}
