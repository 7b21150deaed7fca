import type * as vscode from 'vscode';

/**
 * Prompt files are recognised by name, not language id: VS Code already owns the languages of
 * `.prompt.md` (Copilot prompts) and `.yml`, and the extension must not take them over.
 */
export const PROMPT_FILE_GLOB = '**/*.{prompty,prompt,prompt.yml,prompt.yaml,prompt.md}';

export const PROMPT_FILE_SELECTOR: vscode.DocumentFilter[] = [{ pattern: PROMPT_FILE_GLOB }];
