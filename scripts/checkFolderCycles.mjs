// Part of `npm run lint`. dependency-cruiser finds import cycles between files (.dependency-cruiser.cjs);
// this finds them between the engine's folders, where a cycle of type imports is easy to miss file by
// file and still ties two parts of the engine together (ARCHITECTURE.md, "Invariants"). A folder is a
// first-level folder of src/core (src/core/extract/* counts each subfolder on its own); files directly
// in src/core are their own nodes.
import { cruise } from 'dependency-cruiser';

const result = await cruise(['src'], {
  tsPreCompilationDeps: true,
  doNotFollow: { path: 'node_modules' },
  exclude: { path: '^(node_modules|dist|out)/' },
  enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
});

/** The folder a module belongs to, or undefined outside the engine. */
function folderOf(file) {
  const match = /^src\/core\/(extract\/[^/]+|[^/]+\/|[^/]+$)/.exec(file);
  return match ? `src/core/${match[1].replace(/\/$/, '')}` : undefined;
}

const edges = new Map();
const witnesses = new Map();
for (const module of result.output.modules) {
  const from = folderOf(module.source);
  if (!from) continue;
  for (const dependency of module.dependencies) {
    const to = folderOf(dependency.resolved);
    if (!to || to === from) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from).add(to);
    witnesses.set(`${from} → ${to}`, `${module.source} → ${dependency.resolved}`);
  }
}

// Tarjan's strongly connected components: any component of two or more folders is a cycle.
let index = 0;
const stack = [];
const state = new Map();
const cycles = [];
function visit(node) {
  state.set(node, { index, low: index, onStack: true });
  index++;
  stack.push(node);
  for (const next of edges.get(node) ?? []) {
    if (!state.has(next)) {
      visit(next);
      state.get(node).low = Math.min(state.get(node).low, state.get(next).low);
    } else if (state.get(next).onStack) {
      state.get(node).low = Math.min(state.get(node).low, state.get(next).index);
    }
  }
  if (state.get(node).low === state.get(node).index) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      state.get(member).onStack = false;
      component.push(member);
    } while (member !== node);
    if (component.length > 1) cycles.push(component);
  }
}
for (const node of edges.keys()) if (!state.has(node)) visit(node);

if (cycles.length === 0) {
  console.log(`✔ no import cycles between the engine's ${new Set([...edges.keys(), ...[...edges.values()].flatMap((set) => [...set])]).size} folders`);
} else {
  for (const cycle of cycles) {
    console.error(`✘ folder cycle: ${cycle.sort().join(' ⇄ ')}`);
    for (const [edge, witness] of witnesses) {
      const [from, to] = edge.split(' → ');
      if (cycle.includes(from) && cycle.includes(to)) console.error(`    ${edge}  (${witness})`);
    }
  }
  process.exitCode = 1;
}
