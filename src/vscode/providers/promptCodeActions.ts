import * as vscode from 'vscode';
import { editsOverlap, findingCodeInfo, type FindingCode, type Fix, type PromptSite, type TextEdit } from '../../core';
import { APPLY_FIX_COMMAND, type ApplyFixOptions } from '../commands/applyFix';
import { diagnosticCode, fromRange } from '../convert';
import { fileFindings, findingKey, type SiteFinding } from '../fileFindings';
import { COST_FILE_SELECTOR } from '../promptFiles';
import type { Services } from '../services';

/**
 * Quick fixes for Prompt Cost diagnostics: each fix the engine computed for the finding (the first
 * preferred one marked preferred), "Fix all" for a rule found more than once in the file, and a
 * model pick for calls whose model has no price. Fixes come from the analysis of the document's
 * current version only, and are applied through `promptcost.applyFix`, which checks that version again.
 */
export class PromptCodeActionProvider implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly services: Services) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    if (context.only && !context.only.intersects(vscode.CodeActionKind.QuickFix)) return [];
    const diagnostics = context.diagnostics.filter((diagnostic) => diagnostic.source === 'promptcost');
    if (diagnostics.length === 0) return [];
    const version = document.version;
    // A failed analysis is logged by the analysis cache; it has no fixes to offer.
    const analysis = await this.services.analyses.analyze(document).catch(() => undefined);
    // The fixes' ranges refer to the text that was analysed: nothing for a version that is gone.
    if (!analysis || token.isCancellationRequested || document.version !== version) return [];
    const analysed: AnalysedDocument = { uri: document.uri, version };
    const findings = fileFindings(analysis);
    const byKey = new Map(findings.map((found) => [findingKey(found.finding), found]));
    const actions: vscode.CodeAction[] = [];
    const fixAllOffered = new Set<string>();
    for (const diagnostic of diagnostics) {
      const rule = diagnosticCode(diagnostic);
      // A diagnostic from an earlier version whose finding has moved or changed has no fix any more.
      const found = rule === undefined ? undefined : byKey.get(findingKey({ rule, range: fromRange(diagnostic.range), message: diagnostic.message }));
      if (!found) continue;
      const code = findingCodeInfo(found.finding.rule);
      // Picking a priced model is what resolves these; silencing them is the last resort.
      if (code.resolvedByModelPick && found.site) actions.push(pickModelAction(analysed, found.site, diagnostic));
      const preferred = found.finding.fixes.find((fix) => fix.preferred);
      for (const fix of found.finding.fixes) {
        actions.push(fixAction(analysed, fix, [diagnostic], fix === preferred));
        // A fix that moves text is also offered in the refactor preview. (VS Code leaves a previewed change
        // unticked by design, microsoft/vscode#200991, so the preview is a second action rather than the only way.)
        if (fix === preferred && code.fixMovesText) actions.push(previewAction(analysed, fix, [diagnostic]));
      }
      if (!fixAllOffered.has(found.finding.rule)) {
        fixAllOffered.add(found.finding.rule);
        const sameRule = diagnostics.filter((other) => diagnosticCode(other) === found.finding.rule);
        const all = fixAllAction(analysed, found.finding.rule, findings, sameRule);
        if (all) actions.push(all);
      }
    }
    return actions;
  }
}

function fixAction(document: AnalysedDocument, fix: Fix, diagnostics: vscode.Diagnostic[], preferred: boolean): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = diagnostics;
  action.isPreferred = preferred;
  action.command = applyFixCommand(document, fix.title, fix.edits);
  return action;
}

/** The same fix shown in the refactor preview, to be ticked and applied there. */
function previewAction(document: AnalysedDocument, fix: Fix, diagnostics: vscode.Diagnostic[]): vscode.CodeAction {
  const title = `Preview: ${fix.title}…`;
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = diagnostics;
  action.command = applyFixCommand(document, title, fix.edits, { confirm: true, label: fix.title });
  return action;
}

/**
 * Every preferred fix of one rule in the file at once, when there are at least two. A fix whose
 * edits touch text an earlier one already changes is left out (run "Fix all" again for it).
 */
function fixAllAction(
  document: AnalysedDocument,
  rule: FindingCode,
  findings: readonly SiteFinding[],
  diagnostics: vscode.Diagnostic[],
): vscode.CodeAction | undefined {
  const fixes = findings
    .filter(({ finding }) => finding.rule === rule)
    .sort((a, b) => a.finding.range.start.line - b.finding.range.start.line || a.finding.range.start.character - b.finding.range.start.character)
    .map(({ finding }) => finding.fixes.find((fix) => fix.preferred))
    .filter((fix): fix is Fix => fix !== undefined);
  if (fixes.length < 2) return undefined;
  const edits: TextEdit[] = [];
  for (const fix of fixes) if (!editsOverlap(edits, fix.edits)) edits.push(...fix.edits);
  const title = `Fix all ${rule} in this file`;
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = diagnostics;
  action.command = applyFixCommand(document, title, edits);
  return action;
}

function pickModelAction(document: AnalysedDocument, site: PromptSite, diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const title = site.kind === 'sdk-call' ? 'Pick a model for this call…' : 'Pick a model for this prompt…';
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  action.command = { title, command: 'promptcost.changeSiteModel', arguments: [document.uri, site.id] };
  return action;
}

/** The document version the fixes were computed for, which applying them checks. */
interface AnalysedDocument {
  uri: vscode.Uri;
  version: number;
}

function applyFixCommand(document: AnalysedDocument, title: string, edits: TextEdit[], options: ApplyFixOptions = {}): vscode.Command {
  return { title, command: APPLY_FIX_COMMAND, arguments: [document.uri, document.version, edits, options] };
}

export function registerPromptCodeActions(services: Services): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(COST_FILE_SELECTOR, new PromptCodeActionProvider(services), {
    providedCodeActionKinds: PromptCodeActionProvider.providedCodeActionKinds,
  });
}
