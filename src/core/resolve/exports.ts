import { pythonResolver } from './pythonValues';
import { lookup, type Binding, type FileAnalysis } from './scope';
import type { ExportedValue, ResolveSession } from './session';
import { typescriptResolver } from './typescriptValues';
import { bindingValue, CALL_RESULT, evaluate, inPasses, returnedValueOf, type LanguageResolver } from './values';

export function resolverFor(language: FileAnalysis['language']): LanguageResolver {
  return language === 'python' ? pythonResolver : typescriptResolver;
}

/**
 * The value `module` exports as `name`, in that module's own ranges: a module-level binding
 * (Python), an `export`ed declaration, `export default …`, `exports.X = …`, or a re-export followed
 * to the next module. A name ending in `()` (CALL_RESULT) asks for what a call of the export returns
 * (a factory's model or client: values.ts `returnedValue`).
 */
export async function resolveExport(module: FileAnalysis, name: string, hops: number, session: ResolveSession): Promise<ExportedValue | undefined> {
  const language = resolverFor(module.language);
  const called = name.endsWith(CALL_RESULT);
  const exported = called ? name.slice(0, -CALL_RESULT.length) : name;
  const found = (value: ExportedValue['value'] | undefined) => (value && value.kind !== 'unknown' ? { value, file: module.file } : undefined);
  const valueOf = (binding: Binding) =>
    inPasses(module, session, hops, language, (ctx) =>
      called ? returnedValueOf(binding, ctx) : bindingValue(binding, Number.MAX_SAFE_INTEGER, undefined, ctx),
    );
  if (module.language === 'python') {
    const binding = lookup(module.module, exported, Number.MAX_SAFE_INTEGER);
    return binding ? found(await valueOf(binding)) : undefined;
  }
  const ref = module.exports.get(exported);
  if (ref?.type === 'local') {
    const binding = lookup(module.module, ref.name, Number.MAX_SAFE_INTEGER);
    return binding ? found(await valueOf(binding)) : undefined;
  }
  if (ref?.type === 'expression')
    return called ? undefined : found(await inPasses(module, session, hops, language, (ctx) => evaluate(ref.node, ref.scope, ctx)));
  // The session reads and parses each config once, however many modules it governs.
  const aliases = await session.importAliases(module);
  if (ref?.type === 'reexport')
    return session.exportValue(language.moduleCandidates(module.file, ref.module, aliases), called ? ref.name + CALL_RESULT : ref.name, hops);
  if (name === 'default') return undefined;
  for (const star of module.starExports) {
    const value = await session.exportValue(language.moduleCandidates(module.file, star, aliases), name, hops);
    if (value) return value;
  }
  return undefined;
}
