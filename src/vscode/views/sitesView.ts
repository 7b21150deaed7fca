import * as vscode from 'vscode';
import {
  formatMonthly,
  groupSites,
  pricesLine,
  stalePricesNote,
  withFileAnalysis,
  SITE_GROUPINGS,
  type Report,
  type SiteEntry,
  type SiteGroup,
  type SiteGrouping,
} from '../../core';
import { toRange } from '../convert';
import { debounce } from '../debounce';
import { COST_FILE_SELECTOR } from '../promptFiles';
import type { Services } from '../services';
import { scanWorkspace } from '../workspaceScan';

export const SITES_VIEW_ID = 'promptcost.sites';

/** Quiet time after a save or a settings change before the view scans the workspace again. */
const RESCAN_DELAY_MS = 1500;
/** Quiet time after an edit before the edited file's sites are updated (the rest stay as scanned). */
const EDIT_DELAY_MS = 800;
const GROUPING_KEY = 'promptcost.sitesView.grouping';

type Node =
  | { kind: 'total'; report: Report }
  | { kind: 'savings'; report: Report }
  | { kind: 'group'; group: SiteGroup; grouping: SiteGrouping }
  | { kind: 'site'; site: SiteEntry };

/** What the view shows, as plain data: for tests and other extensions. */
export interface SitesViewSnapshot {
  grouping: SiteGrouping;
  message?: string;
  /** Top-level lines, `label — description`, groups with their sites beneath. */
  items: Array<{ label: string; description?: string; children?: Array<{ label: string; description?: string }> }>;
}

/**
 * The "Prompt Cost" view: the workspace's total and savings, then its sites grouped by task, file
 * or model, costliest first. It scans only once it is shown (activation stays light), shows
 * progress in the view, and scans again after edits while it is visible.
 */
export class SitesView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private report: Report | undefined;
  private scanning: AbortController | undefined;
  /** Something changed while the view was hidden: scan when it is shown again. */
  private stale = true;
  private readonly rescan = debounce(() => void this.scan(), RESCAN_DELAY_MS);
  private readonly edited = new Set<vscode.TextDocument>();
  private readonly updateEdited = debounce(() => void this.updateEditedFiles(), EDIT_DELAY_MS);

  constructor(
    private readonly services: Services,
    private readonly state: vscode.Memento,
  ) {
    this.view = vscode.window.createTreeView(SITES_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    const onChange = () => this.changedSince();
    this.disposables.push(
      this.view,
      this.view.onDidChangeVisibility(({ visible }) => {
        if (visible && this.stale) void this.scan();
        else if (visible && this.edited.size > 0) this.updateEdited.schedule();
      }),
      services.workspaceReports.onDidPublish((report) => this.show(report)),
      services.analyses.onDidInvalidate(onChange),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (vscode.languages.match(COST_FILE_SELECTOR, document) > 0) onChange();
      }),
      vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
        if (contentChanges.length === 0 || vscode.languages.match(COST_FILE_SELECTOR, document) === 0) return;
        this.edited.add(document);
        if (this.view.visible) this.updateEdited.schedule();
      }),
      { dispose: () => this.rescan.cancel() },
      { dispose: () => this.updateEdited.cancel() },
      { dispose: () => this.scanning?.abort() },
    );
    if (this.view.visible) void this.scan();
  }

  get grouping(): SiteGrouping {
    const saved = this.state.get<string>(GROUPING_KEY);
    return SITE_GROUPINGS.find((grouping) => grouping === saved) ?? 'file';
  }

  async setGrouping(grouping: SiteGrouping): Promise<void> {
    await this.state.update(GROUPING_KEY, grouping);
    this.view.description = `by ${grouping}`;
    this.changed.fire(undefined);
  }

  /** Scans the workspace now, with progress in the view; a scan already running is cancelled. */
  async scan(): Promise<void> {
    this.rescan.cancel();
    this.scanning?.abort();
    if (!vscode.workspace.workspaceFolders?.length) {
      this.view.message = 'Open a folder to see what its prompts and LLM calls cost.';
      return;
    }
    const abort = new AbortController();
    this.scanning = abort;
    this.stale = false;
    if (!this.report) this.view.message = 'Scanning the workspace for prompts and LLM calls…';
    try {
      await vscode.window.withProgress({ location: { viewId: SITES_VIEW_ID } }, () => scanWorkspace(this.services, { signal: abort.signal }));
    } catch (error) {
      this.services.logger.error('The sites view could not scan the workspace', error);
      this.view.message = 'The scan failed; see the "Prompt Cost" output. Refresh to try again.';
    } finally {
      if (this.scanning === abort) this.scanning = undefined;
    }
  }

  /**
   * An edit changes the edited file's sites only: they come from the analysis the editor makes for
   * its CodeLens anyway, and the totals are summed again without scanning the workspace.
   */
  private async updateEditedFiles(): Promise<void> {
    const documents = [...this.edited];
    this.edited.clear();
    for (const document of documents) {
      if (!this.report || document.isClosed) continue;
      const analysis = await this.services.analyses.analyze(document);
      if (this.report) this.show(withFileAnalysis(this.report, vscode.workspace.asRelativePath(document.uri, false), analysis));
    }
  }

  snapshot(): SitesViewSnapshot {
    const line = (item: vscode.TreeItem) => ({ label: String(item.label), ...(item.description ? { description: String(item.description) } : {}) });
    const items = this.getChildren().map((node) => {
      const children = node.kind === 'group' ? this.getChildren(node).map((child) => line(this.getTreeItem(child))) : undefined;
      return { ...line(this.getTreeItem(node)), ...(children ? { children } : {}) };
    });
    return { grouping: this.grouping, ...(this.view.message ? { message: this.view.message } : {}), items };
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      const report = this.report;
      if (!report) return [];
      const groups = groupSites(report, this.grouping).map((group): Node => ({ kind: 'group', group, grouping: this.grouping }));
      const summary: Node[] = [{ kind: 'total', report }];
      if (report.totals.opportunities.length > 0) summary.push({ kind: 'savings', report });
      return report.totals.sites > 0 ? [...summary, ...groups] : [];
    }
    return node.kind === 'group' ? node.group.sites.map((site): Node => ({ kind: 'site', site })) : [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'total':
        return totalItem(node.report, this.services.pricesFile.asOf());
      case 'savings':
        return savingsItem(node.report);
      case 'group':
        return this.groupItem(node.group, node.grouping);
      case 'site':
        return siteItem(node.site);
    }
  }

  private groupItem(group: SiteGroup, grouping: SiteGrouping): vscode.TreeItem {
    const few = (this.report?.totals.sites ?? 0) <= 12;
    const item = new vscode.TreeItem(group.label, few ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `${grouping}:${group.key}`;
    item.description = group.description;
    item.contextValue = 'promptcost.group';
    const uri = fileUri(grouping === 'file' ? group.key : group.entry?.file);
    if (grouping === 'file' && uri) {
      item.resourceUri = uri;
      item.tooltip = `${group.key} — ${group.description}`;
    } else item.iconPath = new vscode.ThemeIcon(grouping === 'task' ? 'run-all' : 'hubot');
    if (grouping === 'task' && group.entry && uri) item.command = openCommand(uri, group.entry.range, 'Go to the task’s entry');
    return item;
  }

  /** Files changed, settings or promptcost.yaml: scan again soon if the view is shown, else when it is. */
  private changedSince(): void {
    this.stale = true;
    if (this.view.visible) this.rescan.schedule();
  }

  private show(report: Report): void {
    this.report = report;
    this.view.description = `by ${this.grouping}`;
    this.view.message = report.totals.sites === 0 ? 'No prompt files or LLM calls found in this workspace.' : undefined;
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.disposables.forEach((disposable) => disposable.dispose());
  }
}

/** The workspace total; its tooltip says where the prices come from, and when the ones in use (`pricesAsOf`) are stale. */
function totalItem(report: Report, pricesAsOf: string): vscode.TreeItem {
  const { sites, unpricedSites, monthlyCost } = report.totals;
  const item = new vscode.TreeItem(`${formatMonthly(monthlyCost)}/month`);
  const unpriced = unpricedSites > 0 ? ` · ${unpricedSites} unpriced` : '';
  item.description = `${sites} ${sites === 1 ? 'site' : 'sites'}${unpriced}${report.cancelled ? ' · scan cancelled' : ''}`;
  item.iconPath = new vscode.ThemeIcon('graph');
  const stale = stalePricesNote(pricesAsOf, new Date());
  item.tooltip = `The workspace's estimated cost a month: the sum of its priced sites, each to the cent. Prices: ${pricesLine(report)}.${stale ? ` ${stale.sentence}` : ''}`;
  item.command = { command: 'promptcost.showReport', title: 'Show Report' };
  item.id = 'total';
  return item;
}

function savingsItem(report: Report): vscode.TreeItem {
  const { monthlySavings, opportunities } = report.totals;
  const item = new vscode.TreeItem(`${formatMonthly(monthlySavings)}/month to save`);
  item.description = `${opportunities.length} ${opportunities.length === 1 ? 'finding' : 'findings'}`;
  item.iconPath = new vscode.ThemeIcon('lightbulb');
  item.tooltip = 'What the quick fixes of the findings would save a month, each counted once. The report lists them.';
  item.command = { command: 'promptcost.showReport', title: 'Show Report' };
  item.id = 'savings';
  return item;
}

function siteItem(site: SiteEntry): vscode.TreeItem {
  const item = new vscode.TreeItem(site.label, vscode.TreeItemCollapsibleState.None);
  item.description = site.description;
  item.contextValue = 'promptcost.site';
  item.iconPath = new vscode.ThemeIcon(site.findings > 0 ? 'warning' : site.monthly === undefined ? 'question' : 'symbol-method');
  const tooltip = new vscode.MarkdownString(`**${site.label}** — ${site.file}:${site.range.start.line + 1}\n\n${site.description}`);
  if (site.savings > 0) tooltip.appendMarkdown(` · ${formatMonthly(site.savings)}/month to save`);
  item.tooltip = tooltip;
  const uri = fileUri(site.file);
  if (uri) item.command = openCommand(uri, site.range, 'Go to the call');
  return item;
}

function openCommand(uri: vscode.Uri, range: SiteEntry['range'], title: string): vscode.Command {
  const start = toRange(range).start;
  return { command: 'vscode.open', title, arguments: [uri, { selection: new vscode.Range(start, start) } satisfies vscode.TextDocumentShowOptions] };
}

/** Report paths are relative to the first workspace folder, as the scan reads them. */
export function fileUri(file: string | undefined): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder && file !== undefined ? vscode.Uri.joinPath(folder.uri, ...file.split('/')) : undefined;
}

/** The site a context-menu command was run on. */
export function siteOfNode(node: unknown): SiteEntry | undefined {
  const candidate = node as Node | undefined;
  return candidate?.kind === 'site' ? candidate.site : undefined;
}
