/**
 * The engine's public surface: the adapters (the VS Code extension, the CLI) import only this
 * module, and nothing below src/core imports `vscode` (both enforced by ESLint; see ARCHITECTURE.md).
 *
 * - createEngine: counting, file analysis and workspace scans, in a worker thread or in process;
 * - the data it returns (sites, estimates, findings, reports) and the finding-code registry;
 * - promptcost.yaml: parsing and the edits the editor writes;
 * - presentation shared by the editor and the CLI: number formats, reports, hover Markdown.
 */

// The engine.
export { createEngine, type Engine } from './engine';
export type { AnalysisSettings } from './workspace/fileAnalyzer';
export { SILENT_LOGGER, errorMessage, errorDetail, type Logger } from './log/logger';

// What it returns.
export type * from './types';
export type { FileAnalysis } from './workspace/analyzeFile';
export type { SiteOutline } from './workspace/siteOutline';
export { reportFindings, countedSites, type Report, type ReportSite, type SkipCause, type UnreadCallAt } from './workspace/report';
export type { TokenCount } from './tokens/tokenCounter';
export { SEVERITY_SETTINGS, findingCodeInfo, findingDocumentation, isFindingCode, isRuleId, type RuleId, type SeveritySetting } from './findings/findingCodes';

// Files: which ones hold prompts, finding them on disk, and what is too big or binary to read.
export { isCostFile, costFileGlobs, discoverCostFiles, ALWAYS_EXCLUDED_FOLDERS } from './workspace/discover';
export { withFileAnalysis, withoutFiles, type WorkspaceFile } from './workspace/scan';
export { DEFAULT_SCAN_CACHE_FOLDER } from './workspace/scanCache';
export { MAX_PROMPT_FILE_BYTES, looksBinary } from './workspace/fileLimits';
export { readRegularFile, readProblem, diskWorkspaceFile, notReadFile, outsideLink } from './workspace/diskFile';

// Tokens and models.
export { chooseTokenizer, tokenizerId } from './tokens/tokenizerChoice';
export { describeSplitRun, describeTokenizer } from './tokens/describeTokenizer';
export { TextTooLargeError, MAX_COUNTABLE_CHARS } from './tokens/tokenCounter';
export type { CatalogModel, CatalogProvider } from './pricing/modelCatalog';

// Prices: where they come from, how old they are, and a price file the user gives.
export { PRICE_DATA } from './pricing/priceData';
export { stalePricesNote, stalePricesWarning } from './pricing/priceSource';
export { readPricesFile, type PricesFileRef } from './pricing/pricesFile';
export { modelEdit } from './models/modelEdit';

// promptcost.yaml.
export { parseProjectConfig, EMPTY_PROJECT_CONFIG, PROJECT_CONFIG_FILE, type ProjectConfig, type CostPolicy } from './volume/projectConfig';
export { taskEntryFindings } from './tasks/taskEntries';
export { projectConfigTemplate, type TemplateSite } from './volume/projectConfigTemplate';
export { setEnvValue, setSiteField } from './volume/editProjectConfig';
export { DEFAULT_MONTHLY_CALLS } from './cost/dynamicSizes';

// Edits.
export { editsOverlap } from './text/applyEdits';

// "Did you mean": the nearest known word to a typo (CLI commands and options, promptcost.yaml keys).
export { nearest } from './text/suggest';

// Presentation shared by the editor and the CLI, so both show the same figures.
export { formatCount, formatTokens, formatMonthly, formatTotal, formatPerCall, formatCompact, roundCents } from './format';
export { modelLabel } from './cost/modelLabel';
export { mergeEnv, ENV_EXAMPLE_FILES, DOT_ENV_FILE, type EnvFileText } from './volume/envValues';
export { jsonReportText, toJsonReport } from './report/jsonReport';
export { toTableReport } from './report/tableReport';
export { toMarkdownReport } from './report/markdownReport';
export { toCsvReport } from './report/csvReport';
export { diffReports, diffSites, toDiffJson, type CostDiff, type SiteDiff } from './report/costDiff';
export { lensDeltaSuffix, hoverDeltaLine, totalDeltaText } from './report/baseDeltaText';
export { diffHeadline, statusCounts, unpricedNote } from './report/diffText';
export { escapeMarkdown } from './report/markdownText';
export { GitError, repositoryRoot, resolveCommit, shortCommit, writeCommitFiles } from './workspace/gitSnapshot';
export { COMPARE_TO_OFF } from './workspace/baseBranch';
export { toDiffMarkdown } from './report/diffMarkdown';
export { toDiffTable } from './report/diffTable';
export { diffPolicyBreaches, type PolicyBreach } from './report/diffPolicy';
export { toSarifReport, reportSarifFindings, type SarifFinding } from './report/sarifReport';
export { diffAnnotations, findingAnnotations, toWorkflowCommands, workflowCommand, type Annotation } from './report/githubAnnotations';
export { firstLine, pricesLine, totalLine } from './report/rows';
export { toReportViewModel, type ReportViewModel, type ReportComparison } from './report/viewModel';
export { siteBreakdownMarkdown, siteHeadline } from './report/siteBreakdown';
export { assumedDefaults, type AssumedDefault } from './report/assumedDefaults';
export { taskBreakdownMarkdown } from './report/taskBreakdown';
export { groupSites, SITE_GROUPINGS, type SiteEntry, type SiteGroup, type SiteGrouping } from './report/siteGroups';
export { findingsMarkdown } from './report/findingsMarkdown';
