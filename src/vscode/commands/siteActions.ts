import * as vscode from 'vscode';
import { modelEdit, type ReportSite } from '../../core';
import { toPosition, toRange } from '../convert';
import { pickModel } from '../modelPicker';
import { writeEnvValue, writeSiteField } from '../projectConfigEdits';
import type { Services } from '../services';

async function findSite(services: Services, uri: vscode.Uri, siteId: string): Promise<{ document: vscode.TextDocument; reportSite: ReportSite } | undefined> {
  const document = await vscode.workspace.openTextDocument(uri);
  const analysis = await services.analyses.analyze(document);
  const reportSite = analysis?.sites.find((candidate) => candidate.site.id === siteId);
  return reportSite ? { document, reportSite } : undefined;
}

/**
 * What a prompt's CodeLens offers: change its model, change its monthly calls (promptcost.yaml),
 * or show the breakdown. Each action is also a command of its own, callable with arguments.
 */
export function registerSiteActionCommands(services: Services): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('promptcost.siteActions', async (uri: vscode.Uri, siteId: string) => {
      const found = await findSite(services, uri, siteId);
      if (!found) return;
      const choice = await vscode.window.showQuickPick(
        [
          { label: '$(symbol-misc) Change model…', action: 'model' },
          { label: '$(pulse) Change monthly calls…', action: 'calls', description: `now ${found.reportSite.estimate.monthlyCalls.toLocaleString('en-US')}` },
          { label: '$(info) Show cost breakdown', action: 'breakdown' },
        ],
        { title: `Prompt Cost: ${found.reportSite.site.name ?? found.reportSite.site.file}` },
      );
      if (choice?.action === 'model') await vscode.commands.executeCommand('promptcost.changeSiteModel', uri, siteId);
      if (choice?.action === 'calls') await vscode.commands.executeCommand('promptcost.setSiteMonthlyCalls', uri, siteId);
      if (choice?.action === 'breakdown') await showBreakdown(found.document, found.reportSite);
    }),

    vscode.commands.registerCommand('promptcost.setSiteMonthlyCalls', (uri: vscode.Uri, siteId: string, calls?: number) =>
      setSiteFigure(services, uri, siteId, calls, {
        field: 'monthlyCalls',
        current: ({ estimate }) => estimate.monthlyCalls,
        title: (file) => `Monthly calls for ${file}`,
        invalid: 'A whole number of calls a month, e.g. 30000',
      }),
    ),

    vscode.commands.registerCommand('promptcost.setSiteOutputTokens', (uri: vscode.Uri, siteId: string, tokens?: number) =>
      setSiteFigure(services, uri, siteId, tokens, {
        field: 'outputTokens',
        // The visible reply: reasoning a model adds is counted on top of it.
        current: ({ estimate }) => estimate.tokens.outputExpected - (estimate.tokens.reasoningExpected ?? 0),
        title: (file) => `Expected reply length (tokens) for ${file}`,
        invalid: 'A whole number of tokens, e.g. 250',
      }),
    ),

    vscode.commands.registerCommand('promptcost.changeSiteModel', async (uri: vscode.Uri, siteId: string, model?: string): Promise<string | undefined> => {
      const found = await findSite(services, uri, siteId);
      if (!found) return undefined;
      const { site, estimate } = found.reportSite;
      const picked = model ?? (await pickSiteModel(services, found.document, found.reportSite));
      if (!picked) return undefined;
      // A model read from an environment variable is set where that variable's value lives, under env: in
      // promptcost.yaml: one pick then prices every call that reads it. It is never written into the code.
      const variable = site.model?.from?.envVariable ?? site.modelVariable;
      const inPlace = variable ? undefined : modelEdit(found.document.getText(), site, estimate, picked);
      if (variable) {
        await writeEnvValue(services, variable, picked);
      } else if (inPlace) {
        // The model is written right there: change it in place, keeping a provider prefix the format needs.
        const edit = new vscode.WorkspaceEdit();
        edit.replace(uri, toRange(inPlace.range), inPlace.newText);
        await vscode.workspace.applyEdit(edit);
      } else {
        // A variable, a constant elsewhere, a deployment, promptcost.yaml or no model at all: promptcost.yaml says which model this site uses.
        await writeSiteField(services, volumeKey(found.reportSite), 'model', picked);
      }
      return picked;
    }),
  );
}

interface SiteFigure {
  field: 'monthlyCalls' | 'outputTokens';
  current(reportSite: ReportSite): number;
  title(file: string): string;
  invalid: string;
}

/**
 * Writes one figure of a site to promptcost.yaml (where the CLI and CI read it too): the value
 * given, or what the user types, starting from what the estimate uses now.
 */
async function setSiteFigure(services: Services, uri: vscode.Uri, siteId: string, given: number | undefined, figure: SiteFigure): Promise<number | undefined> {
  const found = await findSite(services, uri, siteId);
  if (!found) return undefined;
  let value = given;
  if (value === undefined) {
    const typed = await vscode.window.showInputBox({
      title: figure.title(found.reportSite.site.file),
      value: String(figure.current(found.reportSite)),
      prompt: 'Saved in promptcost.yaml, where the CLI and CI read it too.',
      validateInput: (text) => (/^\d+$/.test(text.replace(/[,_\s]/g, '')) ? undefined : figure.invalid),
    });
    if (typed === undefined) return undefined;
    value = Number(typed.replace(/[,_\s]/g, ''));
  }
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${figure.field} must be a whole number ≥ 0.`);
  await writeSiteField(services, volumeKey(found.reportSite), figure.field, value);
  return value;
}

/** The model picker for one site: each model shows what this call would cost a month with it, priced in the engine worker. */
async function pickSiteModel(services: Services, document: vscode.TextDocument, { site, estimate }: ReportSite): Promise<string | undefined> {
  const current = estimate.model.id ?? services.settings.value.defaultModel;
  const uses = [current, estimate.model.pricedAs, estimate.model.canonical].filter((id) => id !== undefined);
  const file = vscode.workspace.asRelativePath(document.uri, false);
  const settings = await services.analysisSettings();
  return pickModel(services.engine, current, {
    title: `Model for ${site.file}`,
    uses,
    site: { text: document.getText(), file, siteId: site.id, settings },
    logger: services.logger,
  });
}

/** promptcost.yaml keys: a prompt file by its path (one prompt per file), a call by its site id. */
function volumeKey({ site }: ReportSite): string {
  return site.kind === 'prompt-file' ? site.file : site.id;
}

async function showBreakdown(document: vscode.TextDocument, reportSite: ReportSite): Promise<void> {
  const editor = await vscode.window.showTextDocument(document);
  const at = toPosition(reportSite.site.range.start);
  editor.selection = new vscode.Selection(at, at);
  await vscode.commands.executeCommand('editor.action.showHover');
}
