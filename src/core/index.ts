/**
 * The engine's public surface. Adapters (the VS Code extension, the CLI) import only this module;
 * nothing below src/core imports `vscode`.
 */
export { parseModelId, type ModelRef } from './models/modelId';
export { chooseTokenizer, type EncodingName, type TokenizerChoice } from './tokens/tokenizerChoice';
export { ESTIMATE_RATIOS, type EstimateRatio, type EstimatedFamily } from './tokens/estimateRatios';
export { InProcessEncoder, type TokenEncoder } from './tokens/inProcessEncoder';
export { WorkerEncoder } from './tokens/workerEncoder';
export { CountCache } from './tokens/countCache';
export {
  TokenCounter,
  TextTooLargeError,
  MAX_COUNTABLE_CHARS,
  type ChatMessageText,
  type ChatTokenCount,
  type TokenCount,
} from './tokens/tokenCounter';
export { listModelCatalog, CATALOG_PROVIDER_IDS, type CatalogModel, type CatalogProvider } from './pricing/modelCatalog';
export { formatTokens } from './format';
export { describeTokenizer } from './tokens/describeTokenizer';
