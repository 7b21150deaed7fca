/**
 * Reads the tsconfig.json / jsconfig.json governing a TypeScript or JavaScript file for its import
 * aliases; paths.ts maps specifiers through them.
 */
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { dirname, joinPath, type ImportAliases } from './paths';

/** How many `extends` a config chain follows; real chains are one or two deep. */
const MAX_EXTENDS_HOPS = 5;

/** The file names of a folder's governing config, the first one found winning (as the TypeScript server does). */
const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

/** Reads a workspace file; undefined when it does not exist or cannot be read. */
export type ConfigReader = (path: string) => Promise<string | undefined>;

/** What one config file says, with `extends` applied; folders already resolved. */
interface ConfigOptions {
  baseUrl?: string;
  paths?: { entries: ImportAliases['paths']; folder: string };
}

/**
 * Finds and reads the config governing each file: the nearest tsconfig.json, else jsconfig.json,
 * from the file's folder up to the workspace root. Each folder is looked at and each config parsed
 * once per instance. A config that is not valid JSON(C) gives no aliases, and says so once.
 */
export class ImportAliasLoader {
  private readonly governing = new Map<string, Promise<string | undefined>>();
  private readonly parsed = new Map<string, Promise<Record<string, unknown> | undefined>>();

  constructor(
    private readonly read: ConfigReader,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  /** The aliases that apply to imports in `file`; undefined when no config sets any. */
  async aliasesFor(file: string): Promise<ImportAliases | undefined> {
    const config = await this.governingConfig(dirname(file));
    if (config === undefined) return undefined;
    const options = await this.configOptions(config, new Set());
    if (!options || (options.paths === undefined && options.baseUrl === undefined)) return undefined;
    const aliases: ImportAliases = { paths: options.paths?.entries ?? [], pathsBase: options.baseUrl ?? options.paths?.folder ?? '' };
    if (options.baseUrl !== undefined) aliases.baseUrl = options.baseUrl;
    return aliases;
  }

  /** The config file in `folder` or the nearest folder above it. */
  private governingConfig(folder: string): Promise<string | undefined> {
    let found = this.governing.get(folder);
    if (!found) {
      found = (async () => {
        for (const name of CONFIG_NAMES) {
          const path = folder === '' ? name : `${folder}/${name}`;
          if ((await this.read(path)) !== undefined) return path;
        }
        return folder === '' ? undefined : this.governingConfig(dirname(folder));
      })();
      this.governing.set(folder, found);
    }
    return found;
  }

  /** The options of `config` merged over those of the configs it extends (`chain`: the configs on the way here, to stop cycles). */
  private async configOptions(config: string, chain: Set<string>): Promise<ConfigOptions | undefined> {
    // A config met again on its own chain is a cycle: it adds nothing there.
    if (chain.has(config) || chain.size > MAX_EXTENDS_HOPS) return undefined;
    const json = await this.parsedConfig(config);
    if (json === undefined) return undefined;
    const folder = dirname(config);
    const merged: ConfigOptions = {};
    for (const base of extendedConfigs(json.extends, folder)) {
      const inherited = await this.configOptions(base, new Set(chain).add(config));
      if (inherited?.baseUrl !== undefined) merged.baseUrl = inherited.baseUrl;
      if (inherited?.paths !== undefined) merged.paths = inherited.paths;
    }
    const compilerOptions = isRecord(json.compilerOptions) ? json.compilerOptions : {};
    if (typeof compilerOptions.baseUrl === 'string') {
      const baseUrl = joinPath(folder, compilerOptions.baseUrl);
      // A baseUrl outside the workspace names no file we may read.
      if (baseUrl === undefined) delete merged.baseUrl;
      else merged.baseUrl = baseUrl;
    }
    if (isRecord(compilerOptions.paths)) merged.paths = { entries: pathEntries(compilerOptions.paths), folder };
    return merged;
  }

  /** A config's JSON(C) object, read and parsed once; undefined when missing or broken. */
  private parsedConfig(config: string): Promise<Record<string, unknown> | undefined> {
    let parsed = this.parsed.get(config);
    if (!parsed) {
      parsed = (async () => {
        const text = await this.read(config);
        if (text === undefined) return undefined;
        const errors: ParseError[] = [];
        const json: unknown = parse(text, errors, { allowTrailingComma: true });
        if (errors.length === 0 && isRecord(json)) return json;
        const problem = errors.length > 0 ? printParseErrorCode(errors[0].error) : 'not an object';
        this.warn(`${config} is not valid JSON (${problem}): its import aliases are not applied.`);
        return undefined;
      })();
      this.parsed.set(config, parsed);
    }
    return parsed;
  }
}

/** Workspace configs an `extends` names: relative paths only (a package's config holds no workspace aliases). */
function extendedConfigs(extendsValue: unknown, folder: string): string[] {
  const names = typeof extendsValue === 'string' ? [extendsValue] : Array.isArray(extendsValue) ? extendsValue : [];
  const configs: string[] = [];
  for (const name of names) {
    if (typeof name !== 'string' || !(name.startsWith('./') || name.startsWith('../'))) continue;
    const path = joinPath(folder, name.endsWith('.json') ? name : `${name}.json`);
    if (path !== undefined) configs.push(path);
  }
  return configs;
}

function pathEntries(paths: Record<string, unknown>): ImportAliases['paths'] {
  const entries: ImportAliases['paths'] = [];
  for (const [pattern, targets] of Object.entries(paths)) {
    if (!Array.isArray(targets)) continue;
    entries.push({ pattern, targets: targets.filter((target): target is string => typeof target === 'string') });
  }
  return entries;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
