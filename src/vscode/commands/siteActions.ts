import * as vscode from 'vscode';
import { parseModelId, type ReportSite } from '../../core';
import { toPosition, toRange } from '../convert';
import { pickModel } from '../modelPicker';
import { writeSiteField } from '../projectConfigEdits';
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

    vscode.commands.registerCommand('promptcost.setSiteMonthlyCalls', async (uri: vscode.Uri, siteId: string, calls?: number): Promise<number | undefined> => {
      const found = await findSite(services, uri, siteId);
      if (!found) return undefined;
      let value = calls;
      if (value === undefined) {
        const typed = await vscode.window.showInputBox({
          title: `Monthly calls for ${found.reportSite.site.file}`,
          value: String(found.reportSite.estimate.monthlyCalls),
          prompt: 'Saved in promptcost.yaml, where the CLI and CI read it too.',
          validateInput: (text) => (/^\d+$/.test(text.replace(/[,_\s]/g, '')) ? undefined : 'A whole number of calls a month, e.g. 30000'),
        });
        if (typed === undefined) return undefined;
        value = Number(typed.replace(/[,_\s]/g, ''));
      }
      if (!Number.isInteger(value) || value < 0) throw new Error('Monthly calls must be a whole number ≥ 0.');
      await writeSiteField(services, found.reportSite.site.file, 'monthlyCalls', value);
      return value;
    }),

    vscode.commands.registerCommand('promptcost.changeSiteModel', async (uri: vscode.Uri, siteId: string, model?: string): Promise<string | undefined> => {
      const found = await findSite(services, uri, siteId);
      if (!found) return undefined;
      const { site, estimate } = found.reportSite;
      const picked = model ?? (await pickModel(estimate.model.id ?? services.settings.value.defaultModel, `Model for ${site.file}`));
      if (!picked) return undefined;
      const written = site.model;
      if (written?.range && written.deployment === undefined && site.sdk !== 'copilot-prompt') {
        // The model lives in the file: change it there, keeping a provider prefix the format needs.
        const edit = new vscode.WorkspaceEdit();
        edit.replace(uri, toRange(written.range), withPrefixOf(written.id, picked));
        await vscode.workspace.applyEdit(edit);
      } else {
        await writeSiteField(services, site.file, 'model', picked);
      }
      return picked;
    }),
  );
}

/** `openai/gpt-4o` → `openai/<picked>` when the picked model has the same provider; else the picked id as is. */
function withPrefixOf(original: string, picked: string): string {
  const slash = original.indexOf('/');
  if (slash === -1 || picked.includes('/')) return picked;
  const originalProvider = parseModelId(original).provider;
  const pickedProvider = parseModelId(picked).provider ?? guessProvider(picked);
  return originalProvider === pickedProvider ? `${original.slice(0, slash)}/${picked}` : picked;
}

function guessProvider(model: string): string | undefined {
  if (/^(gpt-|o[134]|chatgpt-)/.test(model)) return 'openai';
  if (/^claude/.test(model)) return 'anthropic';
  if (/^gemini/.test(model)) return 'google';
  return undefined;
}

async function showBreakdown(document: vscode.TextDocument, reportSite: ReportSite): Promise<void> {
  const editor = await vscode.window.showTextDocument(document);
  const at = toPosition(reportSite.site.range.start);
  editor.selection = new vscode.Selection(at, at);
  await vscode.commands.executeCommand('editor.action.showHover');
}
