import { NO_OTHER_FILES, type SourceReader } from '../codeModel/sourceReader';
import { extractCodeSites, isCodeFile } from '../extract/code/extractCode';
import { extractPromptFile, promptFileFormat } from '../extract/promptFiles';
import type { Range } from '../types';
import { fileSourceReader } from './fileSourceReader';

/** Where a prompt site is, known before anything is counted or priced. */
export interface SiteOutline {
  id: string;
  range: Range;
}

/**
 * Where the file's prompt sites are, without a token count or a price: what the editor places its
 * "counting…" lenses on while the tokenizer table is still being built (a second or two after
 * start). Other workspace files are not read, so a call found only through an import of a
 * workspace module is missing here and appears with the full analysis. With the workspace's root,
 * an SDK's own source has no sites here either, as in the full analysis. Undefined for a file that
 * is neither a prompt file nor TS/JS/Python.
 */
export async function outlineFile(text: string, file: string, workspaceRoot?: string): Promise<SiteOutline[] | undefined> {
  const extracted = promptFileFormat(file)
    ? extractPromptFile(text, file)
    : isCodeFile(file)
      ? await extractCodeSites(text, file, manifestsOnly(workspaceRoot))
      : undefined;
  return extracted?.sites.map(({ id, range }) => ({ id, range }));
}

/** A reader of no other file but the package manifests, from which it tells an SDK's own source. */
function manifestsOnly(workspaceRoot: string | undefined): SourceReader {
  if (workspaceRoot === undefined) return NO_OTHER_FILES;
  const workspace = fileSourceReader(workspaceRoot);
  return { read: NO_OTHER_FILES.read, sdkPackageOwning: (file) => workspace.sdkPackageOwning?.(file) };
}
