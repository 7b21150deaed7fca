import * as vscode from 'vscode';
import { findingDocumentation, isFindingCode, type Finding, type FindingCode, type Position, type Range, type Severity } from '../core';

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

export function fromRange(range: vscode.Range): Range {
  return { start: fromPosition(range.start), end: fromPosition(range.end) };
}

const SEVERITIES: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** A finding as a diagnostic from `promptcost`, its code linked to where the README explains it. */
export function toDiagnostic(finding: Finding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding.range), finding.message, SEVERITIES[finding.severity]);
  diagnostic.source = 'promptcost';
  diagnostic.code = { value: finding.rule, target: vscode.Uri.parse(findingDocumentation(finding.rule)) };
  return diagnostic;
}

/** The finding code a diagnostic carries, whether its code is plain or a link; undefined for codes that are not ours. */
export function diagnosticCode(diagnostic: vscode.Diagnostic): FindingCode | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  const value = typeof code === 'object' ? String(code.value) : String(code);
  return isFindingCode(value) ? value : undefined;
}

/** Whether a core range contains a VS Code position (ends inclusive, as hovers expect). */
export function rangeContains(range: Range, position: vscode.Position): boolean {
  return toRange(range).contains(position);
}
