import type * as vscode from 'vscode';

/**
 * Prompt files are recognised by name, not language id: VS Code already owns the languages of
 * `.prompt.md` (Copilot prompts) and `.yml`, and the extension must not take them over.
 */
export const PROMPT_FILE_GLOB = '**/*.{prompty,prompt,prompt.yml,prompt.yaml,prompt.md}';

/** Source files whose LLM calls are estimated. */
export const CODE_FILE_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs,py}';

/** Everything the workspace estimate scans. */
export const COST_FILE_GLOB = '**/*.{prompty,prompt,prompt.yml,prompt.yaml,prompt.md,ts,tsx,mts,cts,js,jsx,mjs,cjs,py}';

/** Where CodeLens, inlay hints, hovers and diagnostics apply: prompt files and code. */
export const COST_FILE_SELECTOR: vscode.DocumentFilter[] = [{ pattern: PROMPT_FILE_GLOB }, { pattern: CODE_FILE_GLOB }];
