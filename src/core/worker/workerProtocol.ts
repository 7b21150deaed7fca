import type { EncodingName } from '../tokens/tokenizerChoice';
import type { ProjectConfig, RuleSeveritySetting } from '../volume/projectConfig';
import type { FileAnalysis } from '../workspace/analyzeFile';

/** Messages between EngineWorker (the extension host's main thread) and workerMain (a worker thread). */
export type WorkerRequest =
  | { id: number; type: 'count'; encoding: EncodingName; texts: string[] }
  | {
      id: number;
      type: 'analyze';
      text: string;
      /** Relative to the workspace root, `/` separators. */
      file: string;
      project: ProjectConfig;
      defaultModel: string;
      monthlyCalls: number;
      /** Absolute path of the workspace root, for imports and files read by code; none in virtual workspaces. */
      workspaceRoot?: string;
      /** Rule id → severity from editor settings, over promptcost.yaml `rules:`. */
      ruleSeverities?: Readonly<Record<string, RuleSeveritySetting>>;
    };

export type WorkerResponse =
  { id: number; ok: true; counts?: number[]; analysis?: FileAnalysis | null; loadedEncodings: EncodingName[] } | { id: number; ok: false; error: string };
