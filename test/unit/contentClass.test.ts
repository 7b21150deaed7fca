import * as assert from 'assert';
import { contentClass, forgetContentClasses, knownContentClasses } from '../../src/core/tokens/contentClass';

describe('contentClass (which of Claude’s factors a text takes)', () => {
  const cases: Array<[string, string, string]> = [
    ['a short part, whatever it holds', '{"a": 1}', 'prose'],
    [
      'prose with a parenthesis and a colon',
      'Summarise the thread (at most five sentences): who asked, what was tried, and what the customer still needs from us.',
      'prose',
    ],
    [
      'Python',
      'def summarise(thread):\n    parts = [m["text"] for m in thread]\n    return "\\n".join(parts)\n\nif __name__ == "__main__":\n    print(summarise([]))\n',
      'code',
    ],
    ['TypeScript on one line', 'const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0); return total;', 'code'],
    ['a JSON object', '{"name": "Ada", "roles": ["admin", "editor"], "active": true, "logins": 42, "team": {"id": 7}}', 'json'],
    [
      'a JSON example cut short by a variable',
      '[{"question": "How do I reset my password?", "answer": "Open Settings", "source": "kb/12"}, {"question": ',
      'json',
    ],
    ['Japanese', 'お客様の質問に丁寧に答えてください。参照したヘルプ記事を必ず示し、返金の約束はしないでください。', 'cjk'],
    ['Chinese with a product name', '请用中文回答客户的问题，并引用 Acme Cloud 帮助中心的相关文章，不要承诺退款或具体日期。', 'cjk'],
    ['Markdown with a list', '## Rules\n- Be brief and friendly.\n- Quote the article title.\n- Never guess prices; say you will check.\n', 'prose'],
  ];
  for (const [what, text, expected] of cases) {
    it(`reads ${what} as ${expected}`, () => assert.strictEqual(contentClass(text), expected));
  }

  it('tells each text once and answers it again from what it holds, within its bounds', () => {
    const code = (n: number) => `const total${n} = items.reduce((sum, item) => sum + item.price, 0); return total${n};`;
    forgetContentClasses();
    assert.strictEqual(contentClass(code(0)), 'code');
    assert.deepStrictEqual(knownContentClasses(), { texts: 1, chars: code(0).length });
    // Asked again (another string with the same text): the same kind, nothing more held.
    assert.strictEqual(contentClass(`${code(0)} `.trimEnd()), 'code');
    assert.deepStrictEqual(knownContentClasses(), { texts: 1, chars: code(0).length });
    // Up to 2,000 texts are held; the next one empties them first.
    for (let n = 1; n < 2_000; n++) contentClass(code(n));
    assert.strictEqual(knownContentClasses().texts, 2_000);
    assert.strictEqual(contentClass(code(2_000)), 'code');
    assert.deepStrictEqual(knownContentClasses(), { texts: 1, chars: code(2_000).length });
    // A text longer than the whole bound of characters is told, and not held.
    const long = `${code(0)}\n`.repeat(15_000);
    assert.ok(long.length > 1_000_000, `${long.length} characters`);
    assert.strictEqual(contentClass(long), 'code');
    assert.deepStrictEqual(knownContentClasses(), { texts: 1, chars: code(2_000).length });
    forgetContentClasses();
  });
});
