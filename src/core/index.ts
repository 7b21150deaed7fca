/**
 * The engine's public surface. Adapters (the VS Code extension, the CLI) import only this module;
 * nothing below src/core imports `vscode`.
 */
export { parseModelId, type ModelRef } from './models/modelId';
export { chooseTokenizer, type EncodingName, type TokenizerChoice } from './tokens/tokenizerChoice';
export { ESTIMATE_RATIOS, type EstimateRatio, type EstimatedFamily } from './tokens/estimateRatios';
export { InProcessEncoder, type TokenEncoder } from './tokens/inProcessEncoder';
export { EngineWorker, type AnalyzeOptions } from './worker/engineWorker';
export { CountCache } from './tokens/countCache';
export { TokenCounter, TextTooLargeError, MAX_COUNTABLE_CHARS, type ChatMessageText, type ChatTokenCount, type TokenCount } from './tokens/tokenCounter';
export { listModelCatalog, CATALOG_PROVIDER_IDS, type CatalogModel, type CatalogProvider } from './pricing/modelCatalog';
export { formatTokens } from './format';
export { describeTokenizer } from './tokens/describeTokenizer';
export * from './types';
export { LineIndex } from './text/lineIndex';
export { applyEdits, editsOverlap } from './text/applyEdits';
export { ruleDocumentation, type RuleSeverities } from './rules/runRules';
export { extractPromptFile, promptFileFormat } from './extract/promptFiles';
export { estimateSite, type EstimateContext, type SiteEstimate } from './cost/estimateSite';
export { DEFAULT_DYNAMIC_TOKENS, DEFAULT_OUTPUT_TOKENS, DEFAULT_MONTHLY_CALLS } from './cost/dynamicSizes';
export { cacheHitRate, cachedLength, cacheRulesFor, type CacheRules } from './cost/cacheRules';
export { PriceBook, type ModelPricing, type PriceOverride, type PriceQuote, type CallUsage } from './pricing/priceBook';
export { PRICE_DATA } from './pricing/priceData';
export { modelLimits } from './pricing/modelLimits';
export { tierRule, type ServiceTier } from './pricing/serviceTiers';
export {
  parseProjectConfig,
  EMPTY_PROJECT_CONFIG,
  PROJECT_CONFIG_FILE,
  type ProjectConfig,
  type RuleSeveritySetting,
  type SiteVolume,
} from './volume/projectConfig';
export { analyzeFile, unreadableReason, MAX_PROMPT_FILE_BYTES, type FileAnalysis } from './workspace/analyzeFile';
export { scanFiles, type WorkspaceFile, type ScanOptions } from './workspace/scan';
export { discoverCostFiles, isCostFile, ALWAYS_EXCLUDED_FOLDERS } from './workspace/discover';
export { extractCodeSites, isCodeFile, mayContainLlmCalls } from './extract/code/extractCode';
export {
  computeTotals,
  savingsOpportunities,
  type Report,
  type ReportSite,
  type ReportTotals,
  type SavingsOpportunity,
  type SkippedFile,
} from './workspace/report';
export { toJsonReport } from './report/jsonReport';
export { toTableReport } from './report/tableReport';
export { toMarkdownReport } from './report/markdownReport';
export { toCsvReport } from './report/csvReport';
export { formatMonthly, formatPerCall, formatCompact, formatCount, roundCents, roundPerCall } from './format';
export { cheaperAlternatives, type Alternative } from './pricing/alternatives';
export { setSiteField } from './volume/editProjectConfig';
export { siteBreakdownMarkdown } from './report/siteBreakdown';
export { findingsMarkdown } from './report/findingsMarkdown';
export { toReportViewModel, type ReportViewModel } from './report/viewModel';
export { NO_OTHER_FILES, type SourceReader } from './codeModel/sourceReader';
export type { CallSite, CodeCall, CodeFile, CodeValue } from './codeModel/codeModel';
