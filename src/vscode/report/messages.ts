/**
 * The messages the report webview sends to the extension. The webview is a web page: anything it
 * posts is checked here before it is acted on, and anything malformed is dropped.
 * No `vscode` import, so the checks are unit-tested in plain node.
 */

export type ExportFormat = 'json' | 'csv' | 'markdown';

/** File extension and save-dialog filter name of each export format. */
export const EXPORT_FORMATS: Readonly<Record<ExportFormat, { extension: string; label: string }>> = {
  json: { extension: 'json', label: 'JSON' },
  csv: { extension: 'csv', label: 'CSV' },
  markdown: { extension: 'md', label: 'Markdown' },
};

export type WebviewMessage =
  | { type: 'ready' }
  /** `file` is workspace-relative with `/` separators; `line` is 1-based (as shown), `character` 0-based. */
  | { type: 'open'; file: string; line: number; character: number }
  | { type: 'export'; format: ExportFormat };

export function parseWebviewMessage(value: unknown): WebviewMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const message = value as Record<string, unknown>;
  switch (message.type) {
    case 'ready':
      return { type: 'ready' };
    case 'open': {
      const { file, line, character } = message;
      if (!isRelativePath(file) || !isInteger(line, 1) || !isInteger(character, 0)) return undefined;
      return { type: 'open', file, line, character };
    }
    case 'export': {
      const { format } = message;
      return typeof format === 'string' && Object.hasOwn(EXPORT_FORMATS, format) ? { type: 'export', format: format as ExportFormat } : undefined;
    }
    default:
      return undefined;
  }
}

function isInteger(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

/** A path that stays inside the workspace folder it is resolved against. */
function isRelativePath(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096) return false;
  if (value.startsWith('/') || value.includes('\\') || /^[a-zA-Z]:/.test(value)) return false;
  return value.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}
