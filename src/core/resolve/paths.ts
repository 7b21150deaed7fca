/**
 * Workspace paths (relative to the root, `/` separators) for imports and files read by code.
 * Nothing here touches the disk: the SourceReader decides what exists.
 */

/** Normalizes `a/./b/../c`; undefined when the path leaves the workspace or is absolute. */
export function normalizePath(path: string): string | undefined {
  if (path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path)) return undefined;
  const parts: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function joinPath(...parts: string[]): string | undefined {
  let joined = '';
  for (const part of parts) {
    if (part.startsWith('/')) return undefined;
    joined = joined === '' ? part : part === '' ? joined : `${joined}/${part}`;
  }
  return normalizePath(joined);
}

/**
 * Import aliases of a tsconfig.json / jsconfig.json (`compilerOptions.paths` and `baseUrl`), so that
 * `import { SYSTEM_PROMPT } from '@/lib/ai'` reaches the workspace file TypeScript would load.
 * Folders are workspace paths (relative to the root, `/` separators).
 */
export interface ImportAliases {
  /** `paths` patterns (`@/*`, `config`) with their targets, in the config's order. */
  paths: Array<{ pattern: string; targets: string[] }>;
  /** The folder `paths` targets are relative to: `baseUrl` when set, else the folder of the config that sets `paths`. */
  pathsBase: string;
  /** The `baseUrl` folder, when set: bare imports (`lib/ai`) are also looked up from it. */
  baseUrl?: string;
}

/**
 * Workspace paths (without extensions) a bare specifier may name through `aliases`, most likely first:
 * the targets of the exact `paths` key, else of the pattern with the longest prefix before its `*`,
 * each in order; then the specifier under `baseUrl`. None when nothing applies (a package import).
 */
function aliasTargets(aliases: ImportAliases, specifier: string): string[] {
  const stems: string[] = [];
  const matched = matchingPattern(aliases.paths, specifier);
  if (matched) {
    for (const target of matched.entry.targets) {
      const stem = joinPath(
        aliases.pathsBase,
        target.replace('*', () => matched.captured),
      );
      if (stem !== undefined && stem !== '') stems.push(stem);
    }
  }
  if (aliases.baseUrl !== undefined) {
    const stem = joinPath(aliases.baseUrl, specifier);
    if (stem !== undefined && stem !== '') stems.push(stem);
  }
  return [...new Set(stems)];
}

function matchingPattern(paths: ImportAliases['paths'], specifier: string): { entry: ImportAliases['paths'][number]; captured: string } | undefined {
  const exact = paths.find((entry) => !entry.pattern.includes('*') && entry.pattern === specifier);
  if (exact) return { entry: exact, captured: '' };
  let best: { entry: ImportAliases['paths'][number]; captured: string; prefixLength: number } | undefined;
  for (const entry of paths) {
    const star = entry.pattern.indexOf('*');
    // TypeScript rejects a pattern with more than one `*`.
    if (star < 0 || entry.pattern.indexOf('*', star + 1) >= 0) continue;
    const prefix = entry.pattern.slice(0, star);
    const suffix = entry.pattern.slice(star + 1);
    if (specifier.length < prefix.length + suffix.length || !specifier.startsWith(prefix) || !specifier.endsWith(suffix)) continue;
    if (best && best.prefixLength >= prefix.length) continue;
    best = { entry, captured: specifier.slice(prefix.length, specifier.length - suffix.length), prefixLength: prefix.length };
  }
  return best;
}

const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/**
 * Files an import specifier may name, most likely first: a relative one from the importing file; a
 * bare one through the tsconfig/jsconfig `paths` and `baseUrl` governing it (`@/lib/ai`). None for
 * a package (`openai`), which no alias names.
 */
export function typescriptModuleCandidates(fromFile: string, specifier: string, aliases?: ImportAliases): string[] {
  if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
    const target = joinPath(dirname(fromFile), specifier);
    return target === undefined ? [] : fileCandidates(target);
  }
  if (!aliases) return [];
  return [...new Set(aliasTargets(aliases, specifier).flatMap(fileCandidates))];
}

/** The files a module path names: itself, or itself with TypeScript's extensions, or its index file. */
function fileCandidates(target: string): string[] {
  const candidates: string[] = [];
  // ESM TypeScript imports `./x.js` for the source file `./x.ts`.
  const jsExtension = /\.(m|c)?jsx?$/.exec(target);
  if (jsExtension) {
    const stem = target.slice(0, -jsExtension[0].length);
    const ts = jsExtension[1] ? `.${jsExtension[1]}ts` : jsExtension[0] === '.jsx' ? '.tsx' : '.ts';
    candidates.push(stem + ts, ...(ts === '.ts' ? [stem + '.tsx'] : []), target);
  } else if (/\.(m|c)?tsx?$/.test(target)) candidates.push(target);
  else {
    candidates.push(...TS_EXTENSIONS.map((extension) => target + extension));
    candidates.push(...TS_EXTENSIONS.map((extension) => `${target}/index${extension}`));
  }
  return candidates;
}

/**
 * Files a Python module may be: relative imports (`.prompts`, `..shared.text`) from the importing
 * file's package; absolute ones (`app.prompts`) from the workspace root, the file's folder and the
 * folders between them (a `src/` layout).
 */
export function pythonModuleCandidates(fromFile: string, module: string): string[] {
  const dots = /^\.*/.exec(module)?.[0].length ?? 0;
  const dotted = module.slice(dots);
  const relative = dotted === '' ? '' : dotted.split('.').join('/');
  const bases: string[] = [];
  if (dots > 0) {
    let base: string | undefined = dirname(fromFile);
    for (let i = 1; i < dots && base !== undefined; i++) base = base === '' ? undefined : dirname(base);
    if (base === undefined) return [];
    bases.push(base);
  } else {
    bases.push('');
    const folders = dirname(fromFile)
      .split('/')
      .filter((part) => part !== '');
    for (let depth = folders.length; depth > 0; depth--) bases.push(folders.slice(0, depth).join('/'));
  }
  const candidates: string[] = [];
  for (const base of bases) {
    const stem = joinPath(base, relative);
    if (stem === undefined) continue;
    if (relative !== '') candidates.push(`${stem}.py`);
    candidates.push(stem === '' ? '__init__.py' : `${stem}/__init__.py`);
  }
  return [...new Set(candidates)];
}

/** The name an import of a module uses for it: `client` for `lib/ai/client.ts`, the folder's for an `index.ts` or `__init__.py`. */
export function moduleName(file: string): string {
  const parts = file.split('/');
  const base = parts[parts.length - 1].replace(/\.[^.]*$/, '');
  return (base === 'index' || base === '__init__') && parts.length > 1 ? parts[parts.length - 2] : base;
}
