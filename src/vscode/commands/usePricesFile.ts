import * as vscode from 'vscode';
import { PRICE_DATA, readPricesFile } from '../../core';
import { workspaceRoot } from '../analysisCache';
import { pricesFileSetting } from '../parseConfig';

const BUNDLED = `Use the bundled prices (${PRICE_DATA.package} ${PRICE_DATA.version}, ${PRICE_DATA.asOf})`;
const CHOOSE = 'Choose a price file…';

/**
 * "Prompt Cost: Use a Price File…": picks a JSON file in @pydantic/genai-prices' data.json format,
 * checks it (a broken one is refused with what is wrong, and the setting is left as it was) and
 * stores it in `promptcost.pricesFile`, relative to the workspace folder when it is inside it.
 * While one is set, the bundled prices can be chosen again. Returns the setting written, or
 * undefined when nothing changed. Nothing is fetched from the network.
 */
export function registerUsePricesFileCommand(): vscode.Disposable {
  return vscode.commands.registerCommand('promptcost.usePricesFile', async (): Promise<string | undefined> => {
    const section = vscode.workspace.getConfiguration('promptcost');
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    if ((section.get<string>('pricesFile') ?? '').trim() !== '') {
      const choice = await vscode.window.showQuickPick([CHOOSE, BUNDLED], { title: 'Prompt Cost: prices' });
      if (choice === undefined) return undefined;
      if (choice === BUNDLED) {
        await section.update('pricesFile', '', target);
        return '';
      }
    }
    const root = workspaceRoot();
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: 'Use Price File',
      title: 'A price file: the data.json of @pydantic/genai-prices, or a list of providers in its format',
      filters: { 'Price data (JSON)': ['json'] },
      defaultUri: root ? vscode.Uri.file(root) : undefined,
    });
    const file = picked?.[0];
    if (!file) return undefined;
    if (file.scheme !== 'file') {
      void vscode.window.showErrorMessage('Prompt Cost: a price file must be on this machine’s disk.');
      return undefined;
    }
    const setting = pricesFileSetting(file.fsPath, root);
    const read = readPricesFile(file.fsPath, setting);
    if ('problem' in read) {
      void vscode.window.showErrorMessage(`Prompt Cost: ${read.problem}; the price file was not changed.`);
      return undefined;
    }
    await section.update('pricesFile', setting, target);
    void vscode.window.showInformationMessage(
      `Prompt Cost: prices from ${setting} (${read.file.ref.asOf}) for the models it lists; the bundled price data for the rest.`,
    );
    return setting;
  });
}
