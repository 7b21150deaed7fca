import * as vscode from 'vscode';
import type { Report } from '../core';

/** The last workspace report, whoever asked for it: the sites view shows what the estimate command found, and the reverse. */
export class WorkspaceReports implements vscode.Disposable {
  private latest: Report | undefined;
  private readonly changed = new vscode.EventEmitter<Report>();
  readonly onDidPublish = this.changed.event;

  get current(): Report | undefined {
    return this.latest;
  }

  publish(report: Report): void {
    this.latest = report;
    this.changed.fire(report);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
