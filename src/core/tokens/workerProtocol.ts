import type { EncodingName } from './tokenizerChoice';

/** Messages between WorkerEncoder (main thread) and tokenizerWorker (worker thread). */
export interface CountRequest {
  id: number;
  encoding: EncodingName;
  texts: string[];
}

export type CountResponse =
  | { id: number; ok: true; counts: number[]; loadedEncodings: EncodingName[] }
  | { id: number; ok: false; error: string };
