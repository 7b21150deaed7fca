import * as vscode from 'vscode';
import { PROJECT_CONFIG_FILE, projectConfigTemplate, type TemplateSite } from '../../core';
import type { Services } from '../services';

/** The sites of the CLI's JSON report that the estimate command returns. */
interface JsonSites {
  sites: Array<{ id: string; monthlyCalls: number; cost: { monthly: number | null } }>;
}

/**
 * "Prompt Cost: Open promptcost.yaml": opens the file; when the workspace has none, estimates the
 * workspace first and creates it from a commented template listing the workspace's own sites,
 * most expensive first. Returns the file's URI (undefined without a folder or when cancelled).
 */
export function registerOpenProjectConfigCommand(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('promptcost.openProjectConfig', async (): Promise<vscode.Uri | undefined> => {
    const uri = services.project.uri;
    if (!uri) {
      void vscode.window.showWarningMessage(`Prompt Cost: open a folder to create its ${PROJECT_CONFIG_FILE}.`);
      return undefined;
    }
    const exists = await vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );
    if (!exists) {
      const report = (await vscode.commands.executeCommand('promptcost.estimateWorkspace', { show: false })) as JsonSites | undefined;
      if (!report) return undefined;
      const sites: TemplateSite[] = report.sites.map((site) => ({ id: site.id, monthlyCalls: site.monthlyCalls, monthly: site.cost.monthly ?? undefined }));
      const template = projectConfigTemplate(sites, services.settings.value.monthlyCalls);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(template));
    }
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    return uri;
  });
}
