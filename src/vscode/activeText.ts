import * as vscode from 'vscode';

/** What "the text to count" is for an editor: its non-empty selections, or the whole document. */
export interface TextToCount {
  texts: string[];
  scope: 'selection' | 'document';
}

/** Documents that are not the user's text (output panels, logs, settings UIs) get no count. */
const IGNORED_SCHEMES = new Set(['output', 'debug', 'vscode-settings', 'comment', 'git', 'walkThroughSnippet']);

export function isCountable(editor: vscode.TextEditor | undefined): editor is vscode.TextEditor {
  return editor !== undefined && !IGNORED_SCHEMES.has(editor.document.uri.scheme);
}

export function textToCount(editor: vscode.TextEditor): TextToCount {
  const selected = editor.selections.filter((selection) => !selection.isEmpty).map((selection) => editor.document.getText(selection));
  return selected.length > 0 ? { texts: selected, scope: 'selection' } : { texts: [editor.document.getText()], scope: 'document' };
}
