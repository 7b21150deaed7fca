import * as vscode from 'vscode';
import type { Finding, Position, Range, Severity } from '../core';

/** Core positions are plain 0-based line/character data; these turn them into VS Code objects. */
export function toPosition(position: Position): vscode.Position {
  return new vscode.Position(position.line, position.character);
}

export function toRange(range: Range): vscode.Range {
  return new vscode.Range(toPosition(range.start), toPosition(range.end));
}

export function fromPosition(position: vscode.Position): Position {
  return { line: position.line, character: position.character };
}

const SEVERITIES: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toDiagnostic(finding: Finding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding.range), finding.message, SEVERITIES[finding.severity]);
  diagnostic.source = 'promptcost';
  diagnostic.code = finding.rule;
  return diagnostic;
}

/** Whether a core range contains a VS Code position (ends inclusive, as hovers expect). */
export function rangeContains(range: Range, position: vscode.Position): boolean {
  return toRange(range).contains(position);
}
