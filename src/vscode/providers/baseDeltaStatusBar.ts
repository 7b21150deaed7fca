import * as vscode from 'vscode';
import { diffHeadline, formatTotal, statusCounts, totalDeltaText, unpricedNote } from '../../core';
import type { Services } from '../services';
import type { StatusBarView } from './tokenCountStatusBar';

/**
 * The workspace's monthly total against the base branch, `$(git-compare) $2,373.07/mo (+$41.00 vs
 * main)`, once a workspace estimate (the command, the sites view) has run and the base is
 * analysed; hidden otherwise. A click opens the report, whose Changes section lists what moved.
 * The first workspace report is what starts the base's analysis, if nothing has yet.
 */
export class BaseDeltaStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private view: StatusBarView = { visible: false, text: '', tooltip: '' };

  constructor(private readonly services: Services) {
    // Beside the token count (priority 100), to its right.
    this.item = vscode.window.createStatusBarItem('promptcost.baseDelta', vscode.StatusBarAlignment.Right, 101);
    this.item.name = 'Prompt Cost: Change vs Base Branch';
    this.item.command = 'promptcost.showReport';
    this.disposables.push(
      this.item,
      services.workspaceReports.onDidPublish(() => this.update()),
      services.comparison.onDidChange(() => this.update()),
      services.settings.onDidChange(() => this.update()),
    );
  }

  current(): StatusBarView {
    return { ...this.view };
  }

  private update(): void {
    const report = this.services.workspaceReports.current;
    const compared = report && this.services.settings.value.statusBarEnabled ? this.services.comparison.workspaceDiff(report) : undefined;
    if (!report || !compared) {
      this.render({ visible: false, text: '', tooltip: '' });
      return;
    }
    const { diff, label, snapshot } = compared;
    const total =
      report.totals.sites > 0 && report.totals.unpricedSites === report.totals.sites
        ? 'unpriced'
        : `${formatTotal(report.totals.monthlyCost, report.totals.monthlyCostExact)}/mo`;
    this.render({
      visible: true,
      text: `$(git-compare) ${total} ${totalDeltaText(diff, label)}`,
      tooltip: [
        `Prompt Cost: the workspace against ${snapshot.ref} at ${snapshot.commit.slice(0, 7)}: ${diffHeadline(diff)}.`,
        statusCounts(diff),
        ...(unpricedNote(diff) ? [unpricedNote(diff)!] : []),
        'As of the last workspace estimate. Click for the report and its Changes section.',
      ].join('\n\n'),
      command: 'promptcost.showReport',
    });
  }

  private render(view: StatusBarView): void {
    this.view = view;
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    if (view.visible) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
