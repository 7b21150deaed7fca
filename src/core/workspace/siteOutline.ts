import { NO_OTHER_FILES } from '../codeModel/sourceReader';
import { extractCodeSites, isCodeFile } from '../extract/code/extractCode';
import { extractPromptFile, promptFileFormat } from '../extract/promptFiles';
import type { Range } from '../types';

/** Where a prompt site is, known before anything is counted or priced. */
export interface SiteOutline {
  id: string;
  range: Range;
}

/**
 * Where the file's prompt sites are, without a token count or a price: what the editor places its
 * "counting…" lenses on while the tokenizer table is still being built (a second or two after
 * start). Other workspace files are not read, so a call found only through an import of a
 * workspace module is missing here and appears with the full analysis. Undefined for a file that is
 * neither a prompt file nor TS/JS/Python.
 */
export async function outlineFile(text: string, file: string): Promise<SiteOutline[] | undefined> {
  const extracted = promptFileFormat(file) ? extractPromptFile(text, file) : isCodeFile(file) ? await extractCodeSites(text, file, NO_OTHER_FILES) : undefined;
  return extracted?.sites.map(({ id, range }) => ({ id, range }));
}
