/**
 * Large generated sources for the parse-time test and `test/bench/parse.bench.ts`: realistic code
 * (clients, message arrays, loops, templates, classes) repeated to a line count.
 */

/** A TypeScript file of exactly `lines` lines and the number of calls in it. */
export function generatedTypeScript(lines: number): { text: string; calls: number } {
  const header = [
    "import OpenAI from 'openai';",
    "import { readFileSync } from 'fs';",
    'const client = new OpenAI();',
    "const MODEL = process.env.MODEL ?? 'gpt-4o-mini';",
  ];
  const out = [...header];
  let calls = 1;
  for (let i = 0; out.length + 20 <= lines; i++) {
    out.push(
      `export async function handler${i}(input: string, items: string[]) {`,
      `  const system = \`You are helper number ${i}. Answer in \${items.length} bullet points.\`;`,
      `  const messages = [{ role: 'system', content: system }];`,
      `  for (const item of items) {`,
      `    messages.push({ role: 'user', content: item.trim() });`,
      `  }`,
      `  // promptcost: monthlyCalls=${i * 10}`,
      `  const result = await client.chat.completions.create({`,
      `    model: MODEL,`,
      `    messages,`,
      `    max_tokens: ${i + 100},`,
      `  });`,
      `  const summaries = await Promise.all(items.map((item) => summarize${i}(item, input)));`,
      `  console.log(JSON.stringify({ id: ${i}, total: summaries.length }));`,
      `  return result.choices[0].message.content ?? '';`,
      `}`,
      `class Worker${i} {`,
      `  private readonly client = new OpenAI();`,
      `  run(q: string) { return this.client.responses.create({ model: 'gpt-5', input: q + ' #${i}' }); }`,
      `}`,
    );
    // push, trim, create, Promise.all, map, summarize, console.log, JSON.stringify, new OpenAI, create
    calls += 10;
  }
  while (out.length < lines) {
    out.push(`void client.models.list(); // filler ${out.length}`);
    calls++;
  }
  return { text: out.join('\n'), calls };
}

/** A Python file of exactly `lines` lines and the number of calls in it. */
export function generatedPython(lines: number): { text: string; calls: number } {
  const header = ['import os', 'from openai import OpenAI', 'client = OpenAI()', 'MODEL = os.getenv("MODEL", "gpt-4o-mini")'];
  const out = [...header];
  let calls = 2;
  for (let i = 0; out.length + 20 <= lines; i++) {
    out.push(
      ``,
      `def handler${i}(text, items):`,
      `    system = f"You are helper number ${i}. Answer in {len(items)} bullet points."`,
      `    messages = [{"role": "system", "content": system}]`,
      `    for item in items:`,
      `        messages.append({"role": "user", "content": item.strip()})`,
      `    # promptcost: monthlyCalls=${i * 10}`,
      `    result = client.chat.completions.create(`,
      `        model=MODEL,`,
      `        messages=messages,`,
      `        max_tokens=${i + 100},`,
      `    )`,
      `    summaries = [summarize${i}(item, text) for item in items]`,
      `    print({"id": ${i}, "total": len(summaries)})`,
      `    return result.choices[0].message.content or ""`,
      ``,
      `class Worker${i}:`,
      `    def __init__(self):`,
      `        self.client = OpenAI()`,
      `    def run(self, q): return self.client.responses.create(model="gpt-5", input=q + " #${i}")`,
    );
    // len, append, strip, create, summarize, print, len, OpenAI, create
    calls += 9;
  }
  while (out.length < lines) {
    out.push(`client.models.list()  # filler ${out.length}`);
    calls++;
  }
  return { text: out.join('\n'), calls };
}
