/** The hidden tag that marks the comment this Action owns, so that a later run finds and updates it. */
export const COMMENT_MARKER = '<!-- promptcost:diff -->';

export interface CommentTarget {
  apiUrl: string;
  /** `owner/name`. */
  repository: string;
  pullRequest: number;
  token: string;
}

export type CommentResult = { action: 'created' | 'updated'; id: number; url?: string } | { action: 'skipped'; why: string };

interface IssueComment {
  id: number;
  body?: string;
  html_url?: string;
}

/** A failed GitHub API call: its status (403 for a token that may not write), and what GitHub said. */
export class GitHubApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Posts the diff on the pull request. `update`: edits the comment an earlier run left (found by its
 * marker), or creates it; a change with nothing to say creates none but still refreshes an earlier
 * one, so that it never shows stale figures. `new`: a new comment for each run that has something
 * to say.
 */
export async function postDiffComment(target: CommentTarget, body: string, mode: 'update' | 'new', hasNews: boolean): Promise<CommentResult> {
  const marked = `${COMMENT_MARKER}\n${body}`;
  const existing = mode === 'update' ? await findMarkedComment(target) : undefined;
  if (existing) {
    const updated = await request<IssueComment>(target, 'PATCH', `/repos/${target.repository}/issues/comments/${existing.id}`, { body: marked });
    return { action: 'updated', id: updated.id, url: updated.html_url };
  }
  if (!hasNews) return { action: 'skipped', why: 'no cost or finding changed' };
  const created = await request<IssueComment>(target, 'POST', `/repos/${target.repository}/issues/${target.pullRequest}/comments`, { body: marked });
  return { action: 'created', id: created.id, url: created.html_url };
}

/** The Action's comment from an earlier run: the first one carrying the marker, page by page. */
async function findMarkedComment(target: CommentTarget): Promise<IssueComment | undefined> {
  for (let page = 1; page <= 50; page++) {
    const comments = await request<IssueComment[]>(
      target,
      'GET',
      `/repos/${target.repository}/issues/${target.pullRequest}/comments?per_page=100&page=${page}`,
    );
    const marked = comments.find((comment) => comment.body?.startsWith(COMMENT_MARKER));
    if (marked) return marked;
    if (comments.length < 100) return undefined;
  }
  return undefined;
}

async function request<T>(target: CommentTarget, method: string, route: string, body?: object): Promise<T> {
  const response = await fetch(`${target.apiUrl}${route}`, {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${target.token}`,
      'content-type': 'application/json',
      'user-agent': 'promptcost-action',
      'x-github-api-version': '2022-11-28',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) {
    const text = await response.text().catch(() => '');
    const said = (() => {
      try {
        return (JSON.parse(text) as { message?: string }).message ?? text;
      } catch {
        return text;
      }
    })();
    throw new GitHubApiError(response.status, `${method} ${route}: ${response.status} ${said}`.trim());
  }
  return (await response.json()) as T;
}
