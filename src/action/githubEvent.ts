import * as fs from 'fs';
import { workflowCommand } from '../core';

/** What the Action needs to know of the run: where to post, and what to compare. */
export interface RunContext {
  /** `owner/name` of the repository the workflow runs in. */
  repository?: string;
  apiUrl: string;
  pullRequest?: {
    number: number;
    baseSha: string;
    /** True when the pull request comes from another repository: its token cannot write comments. */
    fromFork: boolean;
  };
}

interface PullRequestEvent {
  pull_request?: {
    number?: number;
    base?: { sha?: string; repo?: { full_name?: string } };
    head?: { repo?: { full_name?: string } | null };
  };
}

/** The run as the runner describes it (GITHUB_* variables and the event file); a missing or unreadable event is no pull request. */
export function readRunContext(env: NodeJS.ProcessEnv): RunContext {
  const context: RunContext = { repository: env.GITHUB_REPOSITORY || undefined, apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '') };
  const event = readEvent(env.GITHUB_EVENT_PATH);
  const pull = event?.pull_request;
  if (pull && typeof pull.number === 'number' && typeof pull.base?.sha === 'string') {
    const baseRepository = pull.base.repo?.full_name ?? context.repository;
    // A deleted fork has no head repository: it is a fork all the same.
    const headRepository = pull.head?.repo?.full_name;
    context.pullRequest = { number: pull.number, baseSha: pull.base.sha, fromFork: headRepository !== baseRepository };
  }
  return context;
}

function readEvent(file: string | undefined): PullRequestEvent | undefined {
  if (!file) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as PullRequestEvent;
  } catch (error) {
    console.log(
      workflowCommand({ level: 'warning', title: 'Prompt Cost', message: `could not read the event file ${file}: ${(error as Error).message}`, weight: 0 }),
    );
    return undefined;
  }
}
