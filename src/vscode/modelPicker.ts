import * as vscode from 'vscode';
import { chooseTokenizer, listModelCatalog, type CatalogModel } from '../core';

interface ModelItem extends vscode.QuickPickItem {
  modelId?: string;
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });

/**
 * A Quick Pick of priced models grouped by provider, from the price data; typing an id that is
 * not listed offers it as is. Resolves to the chosen id, or undefined when dismissed.
 */
export function pickModel(current: string, title = 'Prompt Cost: Select Model'): Promise<string | undefined> {
  const catalogItems = buildCatalogItems(current);
  const pick = vscode.window.createQuickPick<ModelItem>();
  pick.title = title;
  pick.placeholder = `Model to count and price with (now ${current}); type any id to use it`;
  pick.matchOnDescription = true;
  pick.items = catalogItems;
  pick.activeItems = catalogItems.filter((item) => item.modelId === current);
  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    const listed = typed === '' || catalogItems.some((item) => item.modelId === typed);
    pick.items = listed ? catalogItems : [customItem(typed), ...catalogItems];
  });
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.modelId);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

function buildCatalogItems(current: string): ModelItem[] {
  const items: ModelItem[] = [];
  for (const provider of listModelCatalog()) {
    items.push({ label: provider.name, kind: vscode.QuickPickItemKind.Separator });
    for (const model of provider.models) items.push(modelItem(model, current));
  }
  return items;
}

function modelItem(model: CatalogModel, current: string): ModelItem {
  const tokenizer = chooseTokenizer(model.id);
  const context = model.contextWindow ? ` · ${Math.round(model.contextWindow / 1000)}k context` : '';
  return {
    label: `${model.id === current ? '$(check) ' : ''}${model.id}`,
    description: `${usd.format(model.inputPerMTok)} in / ${usd.format(model.outputPerMTok)} out per 1M tokens${context}`,
    detail: tokenizer.exact ? undefined : '≈ token counts are estimated (no public tokenizer)',
    modelId: model.id,
  };
}

function customItem(typed: string): ModelItem {
  return {
    label: `$(edit) ${typed}`,
    description: 'not in the price list: tokens are estimated and costs show as unpriced',
    modelId: typed,
    alwaysShow: true,
  };
}
