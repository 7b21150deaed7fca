import * as vscode from 'vscode';

/** The inline surfaces the command turns on and off together: the costs written into the code. */
const INLINE_SETTINGS = ['codeLens.enabled', 'inlayHints.enabled'] as const;

/**
 * "Prompt Cost: Toggle Inline Costs": hides the CodeLenses and inlay hints when either shows, shows
 * both when neither does. Each is written where the user keeps it (the workspace when it is set
 * there, else user settings), so that the toggle takes effect.
 */
export function registerToggleInlineCostsCommand(): vscode.Disposable {
  // One toggle at a time: a second one started while the first still writes its settings would read
  // one surface already hidden and the other still shown, and hide both again (a quick double
  // press, or the palette run twice, left the costs hidden).
  let previous: Promise<unknown> = Promise.resolve();
  return vscode.commands.registerCommand('promptcost.toggleInlineCosts', (): Promise<boolean> => {
    const toggled = previous.then(toggleInlineCosts, toggleInlineCosts);
    previous = toggled;
    return toggled;
  });
}

async function toggleInlineCosts(): Promise<boolean> {
  const section = vscode.workspace.getConfiguration('promptcost');
  const showing = INLINE_SETTINGS.some((key) => section.get<boolean>(key, true));
  for (const key of INLINE_SETTINGS) {
    const inspected = section.inspect<boolean>(key);
    const target =
      inspected?.workspaceFolderValue !== undefined
        ? vscode.ConfigurationTarget.WorkspaceFolder
        : inspected?.workspaceValue !== undefined
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global;
    await section.update(key, !showing, target);
  }
  vscode.window.setStatusBarMessage(`Prompt Cost: inline costs ${showing ? 'hidden' : 'shown'}`, 3000);
  return !showing;
}
