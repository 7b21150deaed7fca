import * as vscode from 'vscode';
import { ALWAYS_EXCLUDED_FOLDERS } from '../core';
import type { Settings } from './config';
import { COST_FILE_GLOB } from './promptFiles';

/**
 * The files the workspace estimate reads, sorted by path: prompt files and TS/JS/Python, without
 * what files.exclude, search.exclude and promptcost.exclude leave out. The comparison with the base
 * branch leaves the same files out of the base.
 */
export async function findCostFiles(settings: Settings, token?: vscode.CancellationToken): Promise<vscode.Uri[]> {
  const uris = await vscode.workspace.findFiles(COST_FILE_GLOB, excludeGlob(settings), undefined, token);
  return uris.sort((a, b) => a.path.localeCompare(b.path));
}

/** findFiles applies files.exclude only when given no exclude, so all three sources are merged here. */
function excludeGlob(settings: Settings): string {
  const patterns = new Set<string>(ALWAYS_EXCLUDED_FOLDERS.map((folder) => `**/${folder}/**`));
  for (const section of ['files.exclude', 'search.exclude']) {
    const [group, key] = section.split('.');
    const values = vscode.workspace.getConfiguration(group).get<Record<string, unknown>>(key) ?? {};
    for (const [pattern, enabled] of Object.entries(values)) if (enabled === true) patterns.add(pattern);
  }
  for (const pattern of settings.value.exclude) patterns.add(pattern);
  return `{${[...patterns].join(',')}}`;
}
