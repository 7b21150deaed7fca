import * as assert from 'assert';
import { analyzePython } from '../../src/core/extract/code/python';
import { parseTree } from '../../src/core/extract/code/treeSitter';
import { analyzeTypeScript } from '../../src/core/extract/code/typescript';
import type { FileAnalysis } from '../../src/core/resolve/scope';

/** The names bound in the scope that starts at `offset`, and in its parent. */
function scopeAt(analysis: FileAnalysis, offset: number): { names: string[]; parentNames: string[] } {
  const scope = analysis.scopesByStart.get(offset);
  assert.ok(scope, `no scope starts at ${offset}`);
  return { names: [...scope.bindings.keys()], parentNames: [...(scope.parent?.bindings.keys() ?? [])] };
}

describe('the language walks', () => {
  // A keyword token has its construct's type name (`function`, `class`, `lambda`): visited as the
  // construct, it put an empty scope where the function's own starts.
  it('give a function expression and a generator the scope holding their parameters, not one made for their keyword', async () => {
    const text = 'const f = function (question) { return question; };\nconst g = function* (items) { yield* items; };\n';
    const tree = await parseTree(text, 'typescript');
    assert.ok(tree);
    try {
      const analysis = analyzeTypeScript(tree, text, 'src/f.ts', 'typescript');
      assert.deepStrictEqual(scopeAt(analysis, text.indexOf('function (')), { names: ['question'], parentNames: ['f', 'g'] });
      assert.deepStrictEqual(scopeAt(analysis, text.indexOf('function*')), { names: ['items'], parentNames: ['f', 'g'] });
    } finally {
      tree.delete();
    }
  });

  it('give a Python lambda the scope holding its parameters', async () => {
    const text = 'ask = lambda question: question\n';
    const tree = await parseTree(text, 'python');
    assert.ok(tree);
    try {
      const analysis = analyzePython(tree, text, 'app/ask.py');
      assert.deepStrictEqual(scopeAt(analysis, text.indexOf('lambda')), { names: ['question'], parentNames: ['ask'] });
    } finally {
      tree.delete();
    }
  });
});
