import type { LogLevel } from '../log/logger';
import type { AnalysisPayload } from './analysisPayload';
import type { SiteModelCost } from '../pricing/alternatives';
import type { CatalogModel, CatalogProvider } from '../pricing/modelCatalog';
import type { EncoderCount } from '../tokens/bytePairCounter';
import type { EncodingName } from '../tokens/tokenizerChoice';
import type { SiteOutline } from '../workspace/siteOutline';
import type { AnalysisSettings } from '../workspace/fileAnalyzer';
import type { BaseReportAnswer, BaseReportRequest } from '../workspace/baseReports';

/** Messages from EngineWorker (the extension host's main thread) to workerMain (a worker thread). */
export type WorkerRequest =
  | { id: number; type: 'count'; encoding: EncodingName; texts: string[] }
  | {
      id: number;
      type: 'analyze';
      text: string;
      /** Relative to the workspace root, `/` separators. */
      file: string;
      settings: AnalysisSettings;
      /** A scan's file: it waits behind the files the editor asks for (the one being edited). */
      background?: boolean;
    }
  /** The models a picker offers, keeping the left-out families of `uses`. */
  | { id: number; type: 'models'; uses: string[] }
  /** The priced model an id is priced as, if any. */
  | { id: number; type: 'lookupModel'; modelId: string }
  /** One site of a file priced with each of `models`. */
  | { id: number; type: 'priceSite'; text: string; file: string; siteId: string; models: string[]; settings: AnalysisSettings }
  /** Build what analysing `file` with `model` needs (parser, grammar, price data, tokenizer table) before it is asked for. */
  | { id: number; type: 'warmUp'; file: string; model: string }
  /** Where the file's sites are, without counting or pricing them. */
  | { id: number; type: 'outline'; text: string; file: string; workspaceRoot?: string }
  /** The report of the base branch (promptcost.compareTo), read from git and cached per base commit in the worker. */
  | { id: number; type: 'baseReport'; request: BaseReportRequest };

/** Messages back: the answer to a request, or a line for the caller's log. */
export type WorkerResponse =
  | {
      id: number;
      ok: true;
      counts?: EncoderCount[];
      /** The file's analysis, packed for the main thread (analysisPayload.ts). */
      analysis?: AnalysisPayload | null;
      models?: CatalogProvider[];
      model?: CatalogModel | null;
      siteCosts?: SiteModelCost[] | null;
      outline?: SiteOutline[] | null;
      base?: BaseReportAnswer;
      loadedEncodings: EncodingName[];
    }
  | { id: number; ok: false; error: string; stack?: string };

export type WorkerMessage =
  | WorkerResponse
  | { type: 'log'; level: LogLevel; message: string }
  /** The worker took up a request: its time budget starts now, not while it waited behind others. */
  | { type: 'started'; id: number };
