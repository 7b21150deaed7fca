import * as assert from 'assert';
import { parseWebviewMessage } from '../../src/vscode/report/messages';

describe('report webview messages', () => {
  it('accepts the three well-formed messages, dropping extra fields', () => {
    assert.deepStrictEqual(parseWebviewMessage({ type: 'ready', extra: 1 }), { type: 'ready' });
    assert.deepStrictEqual(parseWebviewMessage({ type: 'open', file: 'src/bot.ts', line: 12, character: 2, extra: true }), {
      type: 'open',
      file: 'src/bot.ts',
      line: 12,
      character: 2,
    });
    for (const format of ['json', 'csv', 'markdown']) {
      assert.deepStrictEqual(parseWebviewMessage({ type: 'export', format }), { type: 'export', format });
    }
  });

  it('ignores anything that is not an object with a known type', () => {
    for (const value of [undefined, null, 'ready', 42, [], {}, { type: 'READY' }, { type: 'delete', file: 'a.ts' }]) {
      assert.strictEqual(parseWebviewMessage(value), undefined, JSON.stringify(value));
    }
  });

  it('ignores exports in unknown formats', () => {
    for (const format of [undefined, 'pdf', 'JSON', 'toString', '__proto__', 1]) {
      assert.strictEqual(parseWebviewMessage({ type: 'export', format }), undefined, String(format));
    }
  });

  it('ignores positions that are not whole numbers in range (line is 1-based, character 0-based)', () => {
    const open = (line: unknown, character: unknown) => parseWebviewMessage({ type: 'open', file: 'a.ts', line, character });
    assert.ok(open(1, 0));
    for (const [line, character] of [
      [0, 0],
      [1, -1],
      [1.5, 0],
      [1, 0.5],
      ['1', 0],
      [1, null],
      [Number.NaN, 0],
      [Number.POSITIVE_INFINITY, 0],
    ]) {
      assert.strictEqual(open(line, character), undefined, `${line}:${character}`);
    }
  });

  it('ignores paths that could leave the workspace folder', () => {
    for (const file of ['', '/etc/passwd', '../secret.ts', 'src/../../x.ts', 'src/./bot.ts', 'src//bot.ts', 'src\\bot.ts', 'C:/x.ts', 'c:x.ts', 42]) {
      assert.strictEqual(parseWebviewMessage({ type: 'open', file, line: 1, character: 0 }), undefined, String(file));
    }
  });
});
