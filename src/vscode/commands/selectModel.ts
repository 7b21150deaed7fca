import * as vscode from 'vscode';
import { pickModel } from '../modelPicker';
import type { Services } from '../services';

/**
 * "Prompt Cost: Select Model": a Quick Pick of priced models grouped by provider that writes
 * `promptcost.defaultModel`. Typing an id that is not listed offers it as is. Called with a model
 * id argument it sets that model without asking (keybindings, tests).
 */
export function registerSelectModelCommand(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('promptcost.selectModel', async (modelId?: unknown): Promise<string | undefined> => {
    if (typeof modelId === 'string' && modelId.trim() !== '') {
      await services.settings.setDefaultModel(modelId.trim());
      return modelId.trim();
    }
    const picked = await pickModel(services.engine, services.settings.value.defaultModel, { logger: services.logger });
    if (picked === undefined) return undefined;
    await services.settings.setDefaultModel(picked);
    return picked;
  });
}
