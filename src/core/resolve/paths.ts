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

const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** Files an import specifier may name, most likely first; none for packages (`openai`, `@/x`). */
export function typescriptModuleCandidates(fromFile: string, specifier: string): string[] {
  if (!specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== '.' && specifier !== '..') return [];
  const target = joinPath(dirname(fromFile), specifier);
  if (target === undefined) return [];
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
