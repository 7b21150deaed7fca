import { MODULE_FUNCTION } from '../extract/code/callGraph';
import type { PromptSite } from '../types';

/** Between the file's name and what in it the site is, in a site's readable name. */
export const SITE_NAME_SEPARATOR = ' › ';

/** How a call made outside any function reads in a site's name. */
export const TOP_LEVEL_NAME = 'top level';

/**
 * A site's name as a person reads it: the file's base name, then the function the call is in (or
 * the prompt's name in a prompt file) — `draftReply.ts › draftReply`,
 * `draftReply.ts › draftReply (call 2)` for the second call in that function,
 * `jobs.py › top level` for a call outside any function, `support-reply.prompty › Support reply`.
 * A prompt file whose prompt has no name of its own (its id repeats the file's stem) is named by
 * the file alone. Ids are `<file>#<function>[.n]` (code) or `<file>#<prompt name>` (prompt files);
 * an id that does not start with its file falls back to the id itself.
 */
export function siteName(site: Pick<PromptSite, 'id' | 'file' | 'kind'>): string {
  const base = site.file.slice(site.file.lastIndexOf('/') + 1);
  const prefix = `${site.file}#`;
  if (!site.id.startsWith(prefix)) return site.id;
  const within = site.id.slice(prefix.length);
  if (site.kind === 'prompt-file') {
    // A prompt name is free text: `v1.2` is a name, never a call number.
    return within === '' || base.startsWith(`${within}.`) ? base : `${base}${SITE_NAME_SEPARATOR}${within}`;
  }
  const numbered = /^(.*)\.(\d+)$/.exec(within);
  const fn = numbered ? numbered[1] : within;
  const readable = fn === MODULE_FUNCTION ? TOP_LEVEL_NAME : fn;
  return `${base}${SITE_NAME_SEPARATOR}${readable}${numbered ? ` (call ${numbered[2]})` : ''}`;
}
