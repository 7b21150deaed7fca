// Builds everything that ships (dist/) and the test bundles that run inside the extension host (out/).
//   node esbuild.js               development build (source maps)
//   node esbuild.js --production  minified, no source maps (what the .vsix ships)
//   node esbuild.js --watch       rebuild on change
// Type checking is separate: `npm run typecheck` (tsc --noEmit).
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const { writeGemmaVocabulary } = require('./scripts/gemmaVocabulary.cjs');
const { writeByteLevelRanks } = require('./scripts/byteLevelRanks.cjs');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Tokenizer rank tables are large (o200k 2.3 MB); each ships as its own file so that a bundle
 * loads only the table a count needs, and only when it needs it. They ship as JSON, read and parsed
 * by src/core/tokens/ranks.ts: a table required as a module stayed in the worker's heap (its source
 * and its string, 3.7 MB for these two) long after the counter had been built from it. */
const RANK_TABLES = ['o200k_base', 'cl100k_base'];

/** web-tree-sitter's runtime and the grammars load by path on first use (src/core/extract/code/treeSitter.ts);
 * the .vsix ships no node_modules, so they travel beside the bundles in dist/grammars/. */
const GRAMMARS = ['typescript', 'tsx', 'javascript', 'python'];

/** Gemini's vocabulary (Gemma 3), compacted from its 33 MB tokenizer.json on the first build (~4 s) and after an update. */
const GEMMA3_VOCABULARY = path.join('dist', 'vocab', 'gemma3.bin.br');

/** Open-weight vocabularies as js-tiktoken rank tables (Llama 3 1.4 MB, Qwen3 1.6 MB), converted from their tokenizer.json on the first build. */
const RANKS = path.join('dist', 'ranks');

/** js-tiktoken's tables for OpenAI's encodings, as JSON beside the bundles (rewritten only when js-tiktoken's are newer). */
function writeOpenAiRanks() {
  fs.mkdirSync(RANKS, { recursive: true });
  for (const name of RANK_TABLES) {
    const source = require.resolve(`js-tiktoken/ranks/${name}`);
    const target = path.join(RANKS, `${name}.json`);
    if (fs.existsSync(target) && fs.statSync(target).mtimeMs >= fs.statSync(source).mtimeMs) continue;
    const loaded = require(source);
    const temporary = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(loaded.default ?? loaded));
    fs.renameSync(temporary, target);
  }
}

function copyGrammars() {
  const target = path.join('dist', 'grammars');
  fs.mkdirSync(target, { recursive: true });
  const files = [
    require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
    ...GRAMMARS.map((name) => require.resolve(`@vscode/tree-sitter-wasm/wasm/tree-sitter-${name}.wasm`)),
  ];
  for (const file of files) fs.copyFileSync(file, path.join(target, path.basename(file)));
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [problemMatcherPlugin()],
  define: { PROMPTCOST_VERSION: JSON.stringify(require('./package.json').version) },
  // jsonc-parser's `main` is a UMD build whose inner require('./impl/…') calls esbuild cannot follow
  // (the bundle fails with "Cannot find module './impl/format'"); its ES module build bundles cleanly.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
};

const builds = [
  // The extension: wiring and adapters only; the tokenizer lives in the worker bundle.
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  // Runs off the extension host's main thread: building a BPE table takes ~0.2 s, parsing a big file ~0.3 s.
  { ...common, entryPoints: { engineWorker: 'src/core/worker/workerMain.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  // The GitHub Action (action.yml): the CLI's diff with the runner's outputs and the pull-request comment.
  { ...common, entryPoints: { action: 'src/action/main.ts' }, outdir: 'dist' },
  // Integration suites run inside a real extension host: `vscode` and `mocha` come from there and node_modules.
  {
    ...common,
    minify: false,
    sourcemap: 'inline',
    entryPoints: listFiles('test/integration', (f) => f === 'index.ts' || f.endsWith('.test.ts')),
    outbase: 'test/integration',
    outdir: 'out/test/integration',
    external: ['vscode', 'mocha'],
  },
];

function listFiles(dir, keep) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...listFiles(full, keep));
    else if (keep(entry.name)) found.push(full);
  }
  return found;
}

/** Builds under way, across all the bundles: the watch markers bracket the whole set. */
let building = 0;

/**
 * Prints errors in the shape VS Code's `$esbuild-watch` problem matcher reads, and its markers once
 * for all the bundles: the matcher takes the first "finished" to mean the build is done, and F5
 * (.vscode/launch.json) must not start the extension before dist/extension.js is written.
 */
function problemMatcherPlugin() {
  return {
    name: 'problem-matcher',
    setup(build) {
      build.onStart(() => {
        if (watch && building++ === 0) console.log('[watch] build started');
      });
      build.onEnd((result) => {
        for (const { text, location } of result.errors) {
          console.error(`✘ [ERROR] ${text}`);
          if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
        }
        if (watch && --building === 0) console.log('[watch] build finished');
      });
    },
  };
}

async function main() {
  copyGrammars();
  writeGemmaVocabulary(GEMMA3_VOCABULARY);
  writeOpenAiRanks();
  writeByteLevelRanks(RANKS);
  if (watch) {
    const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
    await Promise.all(contexts.map((context) => context.watch()));
    return;
  }
  await Promise.all(builds.map((options) => esbuild.build(options)));
  fs.chmodSync('dist/cli.js', 0o755);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
