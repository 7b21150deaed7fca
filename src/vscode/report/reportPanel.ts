import { randomBytes } from 'crypto';
import * as path from 'path';
import * as vscode from 'vscode';
import { toCsvReport, toJsonReport, toMarkdownReport, toReportViewModel, type Report, type ReportComparison, type ReportViewModel } from '../../core';
import { EXPORT_FORMATS, parseWebviewMessage, type ExportFormat, type WebviewMessage } from './messages';

/**
 * The workspace cost report: one webview panel at a time, reused and updated by each new estimate.
 * The page (media/report.js) draws a view model posted to it; it asks for the model with `ready`
 * each time it loads, which happens again after every hide because the context is not retained.
 */
export class ReportPanel implements vscode.Disposable {
  static readonly viewType = 'promptcost.report';
  static readonly title = 'Prompt Cost: Workspace Estimate';

  private static open: ReportPanel | undefined;

  /** The open report panel, if any; cleared when it is closed. */
  static get current(): ReportPanel | undefined {
    return ReportPanel.open;
  }

  /** Brings the panel to the front. */
  reveal(): void {
    this.panel.reveal();
  }

  /**
   * Shows `report`, in the open panel if there is one, otherwise in a new panel. `compare` gives it
   * against the base branch (the "vs main" column and the Changes section), when there is one.
   */
  static show(extensionUri: vscode.Uri, report: Report, compare: CompareReport = () => undefined): ReportPanel {
    const existing = ReportPanel.open;
    if (existing) {
      existing.compare = compare;
      existing.update(report);
      existing.panel.reveal();
      return existing;
    }
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(ReportPanel.viewType, ReportPanel.title, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableFindWidget: true,
      // Redrawing from the model is cheap; keeping a hidden page alive is not.
      retainContextWhenHidden: false,
      localResourceRoots: [media],
    });
    ReportPanel.open = new ReportPanel(panel, media, report, compare);
    return ReportPanel.open;
  }

  private readonly disposables: vscode.Disposable[] = [];
  private model: ReportViewModel;
  private posted: ReportViewModel | undefined;
  private disposed = false;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly media: vscode.Uri,
    private report: Report,
    private compare: CompareReport,
  ) {
    this.model = toReportViewModel(report, compare(report));
    panel.iconPath = vscode.Uri.joinPath(media, 'icon.png');
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
    );
    // Set after the listener above, so the page's first `ready` cannot be missed.
    panel.webview.html = this.html(panel.webview);
  }

  /** Replaces the report shown; the page redraws when the model reaches it. */
  update(report: Report): void {
    this.report = report;
    this.model = toReportViewModel(report, this.compare(report));
    // Dropped while the page is hidden or still loading; its `ready` asks for the model again.
    void this.post();
  }

  /** Draws the same report again: the base it is compared with changed (a new base commit, or none any more). */
  recompare(): void {
    this.update(this.report);
  }

  /** The model last delivered to the page; undefined until the page has loaded and asked for it. */
  viewModel(): ReportViewModel | undefined {
    return this.posted;
  }

  /** Writes the report in `format` to `uri`, without asking where. */
  async exportTo(format: ExportFormat, uri: vscode.Uri): Promise<void> {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(exportText(this.report, format)));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (ReportPanel.open === this) ReportPanel.open = undefined;
    this.panel.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }

  private async post(): Promise<void> {
    if (this.disposed) return;
    const model = this.model;
    let delivered: boolean;
    try {
      delivered = await this.panel.webview.postMessage({ type: 'report', model });
    } catch {
      // The panel was closed while the message was on its way: nothing left to draw.
      return;
    }
    // A slower delivery of an older model must not overwrite the record of a newer one.
    if (delivered && model === this.model) this.posted = model;
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        void this.post();
        break;
      case 'open':
        void this.openSite(message);
        break;
      case 'export':
        void this.exportWithDialog(message.format);
        break;
    }
  }

  private async openSite({ file, line, character }: Extract<WebviewMessage, { type: 'open' }>): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    // Only files the report lists: the page cannot make the editor open anything else.
    if (!folder || !this.report.sites.some(({ site }) => site.file === file)) return;
    const uri = vscode.Uri.joinPath(folder.uri, ...file.split('/'));
    const position = new vscode.Position(line - 1, character);
    try {
      await vscode.window.showTextDocument(uri, {
        selection: new vscode.Range(position, position),
        // Beside the report rather than over it: covering it would discard the page.
        viewColumn: this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One,
      });
    } catch (error) {
      void vscode.window.showErrorMessage(`Prompt Cost: cannot open ${file}: ${messageOf(error)}`);
    }
  }

  private async exportWithDialog(format: ExportFormat): Promise<void> {
    const { extension, label } = EXPORT_FORMATS[format];
    const folder = vscode.workspace.workspaceFolders?.[0];
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder.uri, `promptcost-report.${extension}`) : undefined,
      filters: { [label]: [extension] },
      saveLabel: 'Export',
      title: `Export the Prompt Cost report as ${label}`,
    });
    if (!target) return;
    const name = path.posix.basename(target.path);
    try {
      await this.exportTo(format, target);
      void vscode.window.showInformationMessage(`Prompt Cost: report exported to ${name}.`);
    } catch (error) {
      void vscode.window.showErrorMessage(`Prompt Cost: cannot write ${name}: ${messageOf(error)}`);
    }
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('hex');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.media, 'report.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.media, 'report.css'));
    const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`, `img-src ${webview.cspSource} data:`].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${style.toString()}">
  <title>${ReportPanel.title}</title>
</head>
<body>
  <main id="report"><p class="loading">Loading the estimate…</p></main>
  <script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }
}

/** The report against the base branch; undefined when there is none. */
export type CompareReport = (report: Report) => ReportComparison | undefined;

function exportText(report: Report, format: ExportFormat): string {
  switch (format) {
    case 'json':
      return JSON.stringify(toJsonReport(report), null, 2);
    case 'csv':
      return toCsvReport(report);
    case 'markdown':
      return toMarkdownReport(report);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
