import * as vscode from 'vscode';
import { ruleDocumentation, type Finding, type Position, type Range, type Severity } from '../core';

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

/**
 * A finding as a diagnostic from `promptcost`. A cost rule's code links to where the README
 * explains it; other problems (broken YAML, an unknown model) carry their id as a plain code.
 */
export function toDiagnostic(finding: Finding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding.range), finding.message, SEVERITIES[finding.severity]);
  diagnostic.source = 'promptcost';
  const documentation = ruleDocumentation(finding.rule);
  diagnostic.code = documentation ? { value: finding.rule, target: vscode.Uri.parse(documentation) } : finding.rule;
  return diagnostic;
}

/** The rule id a diagnostic carries, whether its code is plain or a link. */
export function diagnosticRule(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Whether a core range contains a VS Code position (ends inclusive, as hovers expect). */
export function rangeContains(range: Range, position: vscode.Position): boolean {
  return toRange(range).contains(position);
}
