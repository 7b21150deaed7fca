import * as vscode from 'vscode';
import { SITE_GROUPINGS, type SiteGrouping } from '../../core';
import { fileUri, siteOfNode, type SitesView } from './sitesView';

const GROUPING_LABELS: Record<SiteGrouping, string> = {
  file: 'By file',
  task: 'By task (entry points reaching several calls, and promptcost.yaml tasks)',
  model: 'By model',
};

/**
 * The sites view's own commands: refresh, group by, and a site's context menu (change its model,
 * set its monthly calls), which run the CodeLens's commands on the site the menu was opened on.
 */
export function registerSitesViewCommands(view: SitesView): vscode.Disposable {
  const onSite = (command: string) => async (node: unknown) => {
    const site = siteOfNode(node);
    const uri = fileUri(site?.file);
    if (site && uri) await vscode.commands.executeCommand(command, uri, site.siteId);
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand('promptcost.sitesView.refresh', () => view.scan()),
    vscode.commands.registerCommand('promptcost.sitesView.groupBy', async (grouping?: SiteGrouping) => {
      const chosen =
        grouping ??
        (
          await vscode.window.showQuickPick(
            SITE_GROUPINGS.map((value) => ({ label: GROUPING_LABELS[value], value, picked: value === view.grouping })),
            { title: 'Prompt Cost: group sites' },
          )
        )?.value;
      if (chosen && SITE_GROUPINGS.includes(chosen)) await view.setGrouping(chosen);
    }),
    vscode.commands.registerCommand('promptcost.sitesView.changeModel', onSite('promptcost.changeSiteModel')),
    vscode.commands.registerCommand('promptcost.sitesView.setMonthlyCalls', onSite('promptcost.setSiteMonthlyCalls')),
  );
}
