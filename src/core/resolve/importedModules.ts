import type { ImportedModules, LlmModules } from '../codeModel/sourceReader';
import { dirname, joinPath, moduleName, pythonModuleCandidates } from './paths';

const SCRIPT_SPECIFIER = /(?:\bfrom\s*|\brequire\(\s*|\bimport\(\s*|^\s*import\s+)['"]([^'"\n]+)['"]/gm;
const PYTHON_FROM = /^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)/gm;
const PYTHON_IMPORT = /^[ \t]*import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*)/gm;
const SCRIPT_EXTENSION = /\.(?:d\.ts|[cm]?[jt]sx?)$/;

export function importedModules(text: string, file: string): ImportedModules {
  const folder = dirname(file);
  const paths: string[] = [];
  const others: string[][] = [];
  if (/\.pyi?$/.test(file)) {
    // Python's imports resolve as the engine resolves them (paths.ts): relative ones from the package,
    // absolute ones from the root and every folder down to the file's.
    const modules: string[] = [];
    for (const [, dots, module, names] of text.matchAll(PYTHON_FROM)) {
      modules.push(dots + module);
      // `from app import llm` may import the module app.llm.
      for (const name of names.split(/[,()\s]+/)) if (/^\w+$/.test(name) && name !== 'as') modules.push(`${dots}${module}${module === '' ? '' : '.'}${name}`);
    }
    for (const [, list] of text.matchAll(PYTHON_IMPORT)) {
      // `import a.b.c` loads a, a.b and a.b.c.
      for (const module of list.split(','))
        module
          .trim()
          .split('.')
          .forEach((_, i, parts) => modules.push(parts.slice(0, i + 1).join('.')));
    }
    for (const module of new Set(modules)) {
      for (const candidate of pythonModuleCandidates(file, module)) paths.push(candidate.replace(/(^|\/)__init__\.py$/, '').replace(/\.py$/, ''));
    }
    return { paths: [...new Set(paths)], others };
  }
  for (const [, specifier] of text.matchAll(SCRIPT_SPECIFIER)) {
    if (specifier.startsWith('.')) {
      const resolved = joinPath(folder, specifier.replace(SCRIPT_EXTENSION, ''));
      if (resolved !== undefined) paths.push(resolved);
    } else others.push(specifier.split('/'));
  }
  return { paths, others };
}

/**
 * Whether one of the imports may load `target` (a workspace file): a relative import of the file
 * itself or of a folder it is in (a barrel, a package's `__init__`), or any other import that names
 * its module or one of its folders. Another file's re-exports are not followed, as the task walk
 * follows none (it looks a function up in the file an import names).
 */
export function mayLoad(imports: ImportedModules, target: string): boolean {
  const { withoutExtension, names } = loadTarget(target);
  // A package's `__init__.py` or a folder's `index.ts` is loaded by importing the folder, which leadsTo covers.
  if (imports.paths.some((path) => leadsTo(path, withoutExtension))) return true;
  return imports.others.some((parts) => parts.some((part) => names.has(part)));
}

/**
 * Which files' imports may load a target, as `mayLoad` answers for each, found by key: the files
 * by each path they import and by each part of the names they import. The search for a
 * function's callers asks this of every file that names the function, and on a large tree that is
 * hundreds of files per function: asking `mayLoad` of each was 600,000 questions and 0.65 s of
 * the 11,000-file bench tree's scan.
 */
export class ImporterIndex {
  private readonly byPath = new Map<string, string[]>();
  private readonly byName = new Map<string, string[]>();

  constructor(files: Iterable<{ path: string; imports: ImportedModules }>) {
    for (const { path, imports } of files) {
      for (const imported of new Set(imports.paths)) listUnder(this.byPath, imported, path);
      for (const part of new Set(imports.others.flat())) listUnder(this.byName, part, path);
    }
  }

  /** The files whose imports may load `target`. */
  importersOf(target: string): Set<string> {
    const { withoutExtension, names } = loadTarget(target);
    const found = new Set<string>();
    const add = (files: readonly string[] | undefined) => files?.forEach((file) => found.add(file));
    // leadsTo's cases: the root folder, the file itself, and each folder it is in.
    add(this.byPath.get(''));
    add(this.byPath.get(withoutExtension));
    for (let slash = withoutExtension.indexOf('/'); slash > 0; slash = withoutExtension.indexOf('/', slash + 1))
      add(this.byPath.get(withoutExtension.slice(0, slash)));
    for (const name of names) add(this.byName.get(name));
    return found;
  }
}

function listUnder(lists: Map<string, string[]>, key: string, file: string): void {
  const list = lists.get(key);
  if (list) list.push(file);
  else lists.set(key, [file]);
}

interface LoadTarget {
  withoutExtension: string;
  /** The target's module name and the names of its folders: an import naming one may load it. */
  names: ReadonlySet<string>;
}

/**
 * Each target as mayLoad compares imports with it, made once: the task walk asks about the same
 * few targets for every file that names one of their functions (hundreds of files on a large tree,
 * and making the set each time was most of the walk's time there). Bounded, as the workspace's files are.
 */
const LOAD_TARGETS = new Map<string, LoadTarget>();
const MAX_LOAD_TARGETS = 4_096;

function loadTarget(target: string): LoadTarget {
  let known = LOAD_TARGETS.get(target);
  if (known) return known;
  const names = new Set([
    moduleName(target),
    ...dirname(target)
      .split('/')
      .filter((part) => part !== ''),
  ]);
  known = { withoutExtension: target.replace(/\.[^./]+$/, ''), names };
  if (LOAD_TARGETS.size >= MAX_LOAD_TARGETS) LOAD_TARGETS.clear();
  LOAD_TARGETS.set(target, known);
  return known;
}

function leadsTo(path: string, withoutExtension: string): boolean {
  // '' is the root folder (`from . import x` at the top): every file is in it. A folder leads to
  // the files under it (compared in place: this runs for every import of hundreds of files).
  if (path === '' || withoutExtension === path) return true;
  return withoutExtension.length > path.length && withoutExtension.charCodeAt(path.length) === SLASH && withoutExtension.startsWith(path);
}

const SLASH = 0x2f;

/** The LLM modules of `files` (paths from the root), as `importsOneOf` looks them up. */
export function llmModulesOf(files: Iterable<string>): LlmModules {
  const paths = new Set<string>();
  const names = new Set<string>();
  for (const file of files) {
    paths.add(file.replace(/\.[^./]+$/, '').replace(/(^|\/)(?:index|__init__)$/, ''));
    names.add(moduleName(file));
  }
  return { paths, names };
}

/**
 * Whether the imports name one of the modules: a relative or Python import by the module's path
 * (`./llm` beside `llm.ts`, not `../other/llm`; a folder for its index file), a package or alias
 * import by the module's name (`@/lib/llm`), as its target is not known here. By path, not by
 * name alone: on a library's source, whose files import `./index`, `./types` or `./utils` from
 * every folder, names let nearly every file through to be parsed.
 */
export function importsOneOf(imports: ImportedModules, modules: LlmModules): boolean {
  if (imports.paths.some((path) => modules.paths.has(path))) return true;
  return imports.others.some((parts) => {
    const last = parts[parts.length - 1].replace(SCRIPT_EXTENSION, '');
    return modules.names.has(last);
  });
}
