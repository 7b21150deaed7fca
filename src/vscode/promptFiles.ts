import type * as vscode from 'vscode';
import { costFileGlobs } from '../core';

/**
 * Prompt files are recognised by name, not language id: VS Code already owns the languages of
 * `.prompt.md` (Copilot prompts) and `.yml`, and the extension must not take them over. The names
 * and extensions are the engine's, so the editor and the CLI look at the same files.
 */
const GLOBS = costFileGlobs();

/** Everything the workspace estimate scans. */
export const COST_FILE_GLOB = GLOBS.all;

/** Where CodeLens, inlay hints, hovers and diagnostics apply: prompt files and code. */
export const COST_FILE_SELECTOR: vscode.DocumentFilter[] = [{ pattern: GLOBS.prompt }, { pattern: GLOBS.code }];
