import * as vscode from 'vscode';
import {
  chooseTokenizer,
  errorMessage,
  formatMonthly,
  type AnalysisSettings,
  type CatalogModel,
  type CatalogProvider,
  type Engine,
  type Logger,
} from '../core';
import { debounce } from './debounce';

interface ModelItem extends vscode.QuickPickItem {
  modelId?: string;
}

/** The site a "Change model" picker is for: each model is priced for it, in the engine worker. */
export interface SiteToPrice {
  text: string;
  file: string;
  siteId: string;
  settings: AnalysisSettings;
}

export interface PickModelOptions {
  title?: string;
  /** Models in use (the site's own): a left-out family (speech, a Bedrock inference profile…) they belong to stays listed. */
  uses?: readonly string[];
  site?: SiteToPrice;
  logger?: Logger;
}

/** What the picker knows so far; every change re-renders the items. */
interface PickerState {
  current: string;
  catalog?: CatalogProvider[];
  /** Monthly cost of the site per model id; undefined: unpriced here. */
  monthly?: Map<string, number | undefined>;
  typed: string;
  /** The typed id as the price data prices it (null: unpriced; absent: not looked up yet). */
  typedPrice?: { id: string; model: CatalogModel | null; monthly?: number };
}

/** What an open model picker shows (for integration tests): its title, whether it is still busy, and its entries. */
export interface ModelPickerView {
  title: string | undefined;
  busy: boolean;
  items: Array<{ label: string; description?: string; separator?: true }>;
}

/** The picker on screen, if any. */
let shown: vscode.QuickPick<ModelItem> | undefined;

export function modelPickerView(): ModelPickerView | undefined {
  if (!shown) return undefined;
  return {
    title: shown.title,
    busy: shown.busy,
    items: shown.items.map((item) =>
      item.kind === vscode.QuickPickItemKind.Separator ? { label: item.label, separator: true } : { label: item.label, description: item.description },
    ),
  };
}

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });
/** A rate per million tokens: `$3`, `$0.60`, `$0.075`. */
const rate = (perMTok: number) => (Number.isInteger(perMTok) ? `$${perMTok.toLocaleString('en-US')}` : usd.format(perMTok));

/**
 * A Quick Pick of priced chat models grouped by provider (from the engine worker: the price data
 * never loads on this thread), then the typed id offered as it is. For a site, each model shows what
 * the site would cost a month with it, filled in when the worker has priced them, cheapest first
 * within each provider. Resolves to the chosen id, or undefined when dismissed.
 */
export function pickModel(engine: Engine, current: string, options: PickModelOptions = {}): Promise<string | undefined> {
  const state: PickerState = { current, typed: '' };
  const pick = vscode.window.createQuickPick<ModelItem>();
  pick.title = options.title ?? 'Prompt Cost: Select Model';
  pick.placeholder = `Model to count and price with (now ${current}); type any id to use it`;
  pick.matchOnDescription = true;
  pick.busy = true;
  const render = () => {
    const active = pick.activeItems[0]?.modelId ?? current;
    const items = pickerItems(state);
    pick.items = items;
    const again = items.find((item) => item.modelId === active && item.kind !== vscode.QuickPickItemKind.Separator);
    if (again) pick.activeItems = [again];
  };
  const failed = (what: string) => (error: unknown) => options.logger?.error(`${what} failed: ${errorMessage(error)}`);
  void engine
    .listModels(options.uses ?? [current])
    .then(async (catalog) => {
      state.catalog = catalog;
      render();
      if (!options.site) return;
      const { text, file, siteId, settings } = options.site;
      const ids = catalog.flatMap((provider) => provider.models.map((model) => model.id));
      const costs = await engine.priceSiteWith(text, file, siteId, ids, settings);
      state.monthly = new Map((costs ?? []).map((cost) => [cost.model, cost.monthly]));
      render();
    })
    .catch(failed('Listing the models'))
    .finally(() => (pick.busy = false));
  const lookUpTyped = debounce(() => {
    const typed = state.typed;
    if (typed === '') return;
    void (async () => {
      const model = (await engine.lookupModel(typed)) ?? null;
      let monthly: number | undefined;
      if (model && options.site) {
        const { text, file, siteId, settings } = options.site;
        monthly = (await engine.priceSiteWith(text, file, siteId, [typed], settings))?.[0]?.monthly;
      }
      if (state.typed !== typed) return;
      state.typedPrice = { id: typed, model, monthly };
      render();
    })().catch(failed('Pricing the typed model'));
  }, 250);
  pick.onDidChangeValue((value) => {
    state.typed = value.trim();
    if (state.typedPrice?.id !== state.typed) state.typedPrice = undefined;
    render();
    lookUpTyped.schedule();
  });
  render();
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.modelId);
      pick.hide();
    });
    pick.onDidHide(() => {
      lookUpTyped.cancel();
      if (shown === pick) shown = undefined;
      resolve(undefined);
      pick.dispose();
    });
    shown = pick;
    pick.show();
  });
}

/** Providers in picker order, each a separator then its models (cheapest here first once priced), then the typed id when it is not listed. */
function pickerItems(state: PickerState): ModelItem[] {
  const items: ModelItem[] = [];
  for (const provider of state.catalog ?? []) {
    items.push({ label: provider.name, kind: vscode.QuickPickItemKind.Separator });
    for (const model of byMonthly(provider.models, state.monthly)) items.push(modelItem(model, state));
  }
  const typed = state.typed;
  const listed = (state.catalog ?? []).some((provider) => provider.models.some((model) => model.id === typed));
  if (typed !== '' && !listed) {
    items.push({ label: 'Custom id', kind: vscode.QuickPickItemKind.Separator }, customItem(typed, state));
  }
  return items;
}

function byMonthly(models: readonly CatalogModel[], monthly: PickerState['monthly']): CatalogModel[] {
  if (!monthly) return [...models];
  const cost = (model: CatalogModel) => monthly.get(model.id) ?? Number.POSITIVE_INFINITY;
  return [...models].sort((a, b) => cost(a) - cost(b) || a.id.localeCompare(b.id));
}

function rates(model: CatalogModel): string {
  return `${rate(model.inputPerMTok)} in / ${rate(model.outputPerMTok)} out per 1M`;
}

/** "$343.26/mo here", "unpriced here", or nothing while the worker is still pricing. */
function hereCost(state: PickerState, modelId: string): string | undefined {
  if (!state.monthly) return undefined;
  const monthly = state.monthly.get(modelId);
  return monthly === undefined ? 'unpriced here' : `${formatMonthly(monthly)}/mo here`;
}

function modelItem(model: CatalogModel, state: PickerState): ModelItem {
  const tokenizer = chooseTokenizer(model.id);
  const context = model.contextWindow ? `${Math.round(model.contextWindow / 1000)}k context` : undefined;
  const here = hereCost(state, model.id);
  return {
    label: `${model.id === state.current ? '$(check) ' : ''}${model.id}`,
    description: [here, `${rates(model)}${here ? '' : ' tokens'}`, context].filter((part) => part !== undefined).join(' · '),
    detail: tokenizer.exact ? undefined : '≈ token counts are estimated (no public tokenizer)',
    modelId: model.id,
  };
}

/** The typed id, after the list: priced when the price data knows it (as which model it says), else said to be unpriced. */
function customItem(typed: string, state: PickerState): ModelItem {
  const looked = state.typedPrice?.id === typed ? state.typedPrice : undefined;
  let description: string;
  if (!looked) description = 'checking the price data…';
  else if (!looked.model) description = 'not priced: not in the price list, so tokens are estimated and costs show as unpriced';
  else {
    const here =
      state.monthly || looked.monthly !== undefined ? `${looked.monthly === undefined ? 'unpriced here' : `${formatMonthly(looked.monthly)}/mo here`} · ` : '';
    description = `${here}priced as ${looked.model.providerId}/${looked.model.id} · ${rates(looked.model)}`;
  }
  return { label: `$(edit) ${typed}`, description, modelId: typed, alwaysShow: true };
}
