import type { Node } from 'web-tree-sitter';
import { callsByName, matchedArguments, type CallerArgument, type ImportedFunction } from './callers';
import { resolverFor } from './exports';
import { lookup, type FileAnalysis, type RawCall } from './scope';
import type { ResolveSession } from './session';
import { evaluate, inPasses, pythonImportTarget, type Ctx } from './values';

/**
 * What the calls of the function in `importer` pass for its parameter, in source order (none when it
 * does not call it); undefined when a call's arguments cannot be matched to the parameter.
 */
export async function importerArguments(
  importer: FileAnalysis,
  called: ImportedFunction,
  hops: number,
  session: ResolveSession,
): Promise<CallerArgument[] | undefined> {
  const byName = callsByName(importer.calls);
  // A call names the function by an exported name (`ask(…)`, `llm.ask(…)`) or by the local name of a default import.
  const names = new Set([...called.names, ...Object.keys(importer.imports)]);
  const candidates = [...names].flatMap((name) => byName.get(name) ?? []).sort((a, b) => a.node.startIndex - b.node.startIndex);
  if (candidates.length === 0) return [];
  return inPasses(importer, session, hops, resolverFor(importer.language), (ctx) =>
    matchedArguments(
      [...new Set(candidates)],
      (raw) => callsImported(raw, called, ctx),
      called.slot,
      (node, scope) => evaluate(node, scope, ctx),
    ),
  );
}

/** Whether a call's callee is an import of the function: `ask` from `import { ask }`, `llm.ask` from `import * as llm`, Python `from app.llm import ask` or `from app import llm`. */
function callsImported(raw: RawCall, called: ImportedFunction, ctx: Ctx): boolean {
  const chain = calleeChain(raw.node.childForFieldName('function'));
  if (!chain) return false;
  const binding = lookup(raw.scope, chain[0], raw.node.startIndex);
  const imported = binding?.kind === 'import' ? binding.import : undefined;
  if (!imported) return false;
  const members = chain.slice(1);
  let target: { module: string; name: string } | undefined;
  if (called.python) target = pythonImportTarget(imported, members);
  else if (members.length === 0) target = imported;
  else if (members.length === 1 && imported.name === '*') target = { module: imported.module, name: members[0] };
  return (
    target !== undefined &&
    called.names.includes(target.name) &&
    ctx.language.moduleCandidates(ctx.analysis.file, target.module, ctx.aliases).includes(called.file)
  );
}

/** `ask` → [ask]; `app.llm.ask` → [app, llm, ask]; undefined for any other callee (a call's result, an index). */
function calleeChain(callee: Node | null): string[] | undefined {
  if (!callee) return undefined;
  if (callee.type === 'identifier') return [callee.text];
  if (callee.type !== 'member_expression' && callee.type !== 'attribute') return undefined;
  const member = callee.childForFieldName('property') ?? callee.childForFieldName('attribute');
  const inner = calleeChain(callee.childForFieldName('object'));
  return inner && member ? [...inner, member.text] : undefined;
}
