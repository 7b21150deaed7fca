import type { CallSite, CodeCall } from '../../codeModel/codeModel';
import type { FileAnalysis } from '../../resolve/scope';
import { pythonImportTarget, type Ctx } from '../../resolve/values';
import type { CallTarget, FileCallGraph, Repeat } from '../../types';

/**
 * How many times a loop whose count the code does not show (`for t of tickets`, `.map(…)`) is taken
 * to run when it sits on a task's path: the same 3 an agent run is given (agentRun.ts), and labelled
 * as assumed wherever it shows.
 */
export const ASSUMED_LOOP_TIMES = 3;

/** Top-level code: part of the graph (it calls functions) but never a task's entry, having no name to put a CodeLens on. */
export const MODULE_FUNCTION = '<module>';

/**
 * The file's part of the workspace call graph: each named function with its first line, what the
 * file exports, and every call that names a function of this file or an export of another
 * workspace module. Calls of anything else (SDK methods, built-ins, packages) are no edges.
 */
export function buildCallGraph(analysis: FileAnalysis, ctx: Ctx, calls: readonly CallSite[]): Omit<FileCallGraph, 'sites'> {
  const functions = [...analysis.functions].map(([name, start]) => {
    const at = analysis.index.positionAt(start);
    return { name, range: { start: at, end: { line: at.line, character: analysis.index.lineText(at.line).length } } };
  });
  const edges: FileCallGraph['edges'] = [];
  for (const site of calls) {
    const to = targetsOf(site, analysis, ctx);
    if (to.length > 0) edges.push({ from: site.enclosingFunction, to, repeat: repeatOf(site), line: site.call.range.start.line });
  }
  return { file: analysis.file, functions, exports: exportsOf(analysis), edges };
}

/** How often a call runs per run of its function: a loop's stated count, an assumed count, or once. */
export function repeatOf(site: Pick<CallSite, 'inLoop' | 'loop'>): Repeat {
  if (!site.inLoop) return { times: 1, source: 'once' };
  const bound = site.loop?.maxTurns;
  return bound !== null && bound !== undefined && !site.loop?.perItem ? { times: bound, source: 'loop' } : { times: ASSUMED_LOOP_TIMES, source: 'assumed' };
}

function exportsOf(analysis: FileAnalysis): Record<string, string> {
  const exports: Record<string, string> = {};
  for (const [exported, ref] of analysis.exports) if (ref.type === 'local') exports[exported] = ref.name;
  return exports;
}

/** Where a call may go in the workspace: a function of this file, else the export of an imported module. */
function targetsOf(site: CallSite, analysis: FileAnalysis, ctx: Ctx): CallTarget[] {
  const { chain, root } = site.call;
  const here = (name: string): CallTarget[] => (analysis.functions.has(name) ? [{ file: analysis.file, name }] : []);
  if (chain.length === 1) {
    if (root?.type === 'import') return imported(root.module, root.name, undefined, ctx);
    return root === undefined ? here(chain[0]) : [];
  }
  if (chain.length !== 2) return [];
  const [head, method] = chain;
  const owner = site.enclosingFunction.includes('.') ? site.enclosingFunction.split('.')[0] : undefined;
  if (head === 'this' || (analysis.language === 'python' && head === 'self')) return owner ? here(`${owner}.${method}`) : [];
  if (root?.type === 'import') {
    if (root.name === '*') return imported(root.module, method, undefined, ctx);
    // Python: `from app import steps; steps.classify()` names a module as often as a class.
    const asModule = analysis.language === 'python' ? pythonImportTarget(root, [method]) : undefined;
    return [...imported(root.module, root.name, method, ctx), ...(asModule ? imported(asModule.module, asModule.name, undefined, ctx) : [])];
  }
  if (root?.type === 'value' && root.value.kind === 'call') return instanceMethod(root.value.call, method, analysis, ctx);
  return here(`${head}.${method}`);
}

/** `new Planner().plan()`, `agent = ResearchAgent(); agent.run()`: the class's method, here or where the class comes from. */
function instanceMethod(constructed: CodeCall, method: string, analysis: FileAnalysis, ctx: Ctx): CallTarget[] {
  if (constructed.chain.length !== 1) return [];
  const className = constructed.chain[0];
  if (constructed.root?.type === 'import') return imported(constructed.root.module, constructed.root.name, method, ctx);
  return analysis.functions.has(`${className}.${method}`) ? [{ file: analysis.file, name: `${className}.${method}` }] : [];
}

function imported(module: string, name: string, member: string | undefined, ctx: Ctx): CallTarget[] {
  const modules = ctx.language.moduleCandidates(ctx.analysis.file, module, ctx.aliases);
  if (modules.length === 0) return [];
  return [member === undefined ? { modules, name } : { modules, name, member }];
}
