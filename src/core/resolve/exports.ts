import { pythonResolver } from './pythonValues';
import { lookup, type FileAnalysis } from './scope';
import type { ExportedValue, ResolveSession } from './session';
import { typescriptResolver } from './typescriptValues';
import { bindingValue, evaluate, inPasses, type LanguageResolver } from './values';

export function resolverFor(language: FileAnalysis['language']): LanguageResolver {
  return language === 'python' ? pythonResolver : typescriptResolver;
}

/**
 * The value `module` exports as `name`, in that module's own ranges: a module-level binding
 * (Python), an `export`ed declaration, `export default …`, `exports.X = …`, or a re-export followed
 * to the next module.
 */
export async function resolveExport(module: FileAnalysis, name: string, hops: number, session: ResolveSession): Promise<ExportedValue | undefined> {
  const language = resolverFor(module.language);
  const found = (value: ExportedValue['value'] | undefined) => (value && value.kind !== 'unknown' ? { value, file: module.file } : undefined);
  if (module.language === 'python') {
    const binding = lookup(module.module, name, Number.MAX_SAFE_INTEGER);
    if (!binding) return undefined;
    return found(await inPasses(module, session, hops, language, (ctx) => bindingValue(binding, Number.MAX_SAFE_INTEGER, undefined, ctx)));
  }
  const ref = module.exports.get(name);
  if (ref?.type === 'local') {
    const binding = lookup(module.module, ref.name, Number.MAX_SAFE_INTEGER);
    if (!binding) return undefined;
    return found(await inPasses(module, session, hops, language, (ctx) => bindingValue(binding, Number.MAX_SAFE_INTEGER, undefined, ctx)));
  }
  if (ref?.type === 'expression') return found(await inPasses(module, session, hops, language, (ctx) => evaluate(ref.node, ref.scope, ctx)));
  // The session reads and parses each config once, however many modules it governs.
  const aliases = await session.importAliases(module);
  if (ref?.type === 'reexport') return session.exportValue(language.moduleCandidates(module.file, ref.module, aliases), ref.name, hops);
  if (name === 'default') return undefined;
  for (const star of module.starExports) {
    const value = await session.exportValue(language.moduleCandidates(module.file, star, aliases), name, hops);
    if (value) return value;
  }
  return undefined;
}
