// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Lint rules, including the architecture's boundaries (ARCHITECTURE.md, "Invariants"):
 * - the engine (src/core) never imports `vscode`;
 * - the adapters (src/vscode, src/cli) import the engine only through its public surface, src/core/index.ts;
 * - no function in the engine is more complex than 25 (cyclomatic), so each can be read at once.
 * Import cycles, type-only ones included, are checked by dependency-cruiser (.dependency-cruiser.cjs).
 */
export default tseslint.config(
  { ignores: ['dist/', 'out/', '.vscode-test/', 'node_modules/', 'test/fixtures/', 'media/screenshots/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // `require` is how heavy modules load on first use (rank tables, the price data, grammars).
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      complexity: ['error', 25],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'The engine never imports vscode: adapters in src/vscode convert its plain data.' }] },
      ],
    },
  },
  {
    files: ['src/vscode/**/*.ts', 'src/cli/**/*.ts', 'src/action/**/*.ts', 'src/extension.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+core/.+',
              message: 'Adapters use the engine through its public surface: import from the core folder itself (src/core/index.ts).',
            },
            {
              regex: '^\\./core/.+',
              message: 'Adapters use the engine through its public surface: import from ./core (src/core/index.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'src/action/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The CLI and the Action run without VS Code.' }],
          patterns: [
            {
              regex: '^(\\.\\./)+core/.+',
              message: 'Adapters use the engine through its public surface: import from the core folder itself (src/core/index.ts).',
            },
            { regex: '^(\\.\\./)+vscode(/|$)', message: 'The CLI and the Action do not use the editor adapters.' },
          ],
        },
      ],
    },
  },
  {
    files: ['media/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { window: 'readonly', document: 'readonly', console: 'readonly' } },
  },
  {
    files: ['scripts/**/*.mjs', '*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
  {
    // The cold-start E2E test's reference extension, loaded by VS Code as it is.
    files: ['test/e2e/referenceLens/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', exports: 'writable' } },
  },
  {
    files: ['esbuild.js', '*.cjs', 'scripts/**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        __filename: 'readonly',
        Buffer: 'readonly',
      },
    },
  },
);
