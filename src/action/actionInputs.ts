import { UsageError } from '../cli/exitCodes';

/**
 * The Action's inputs and outputs: action.yml declares them and the code reads them from this one
 * list (a test holds the two equal), so a new input cannot be declared and forgotten, or read and
 * left undeclared.
 */
export const ACTION_INPUTS = {
  paths: { description: 'Files or folders to analyse, separated by spaces or new lines (default: the whole repository).', default: '.' },
  base: {
    description: "The branch, tag or commit to compare with (default: the pull request's base commit; without one, only the estimate runs).",
    default: '',
  },
  comment: { description: 'The pull-request comment: update (one comment, kept current), new (a new comment each run) or off.', default: 'update' },
  sarif: { description: 'A path to write the findings the change adds as SARIF 2.1.0, for github/codeql-action/upload-sarif (default: none).', default: '' },
  'fail-on': {
    description: "Fail on new findings at or above this severity: warning or error (default: promptcost.yaml's policy.failOn, else none).",
    default: '',
  },
  'max-monthly-increase': {
    description: "Fail when the change adds more than this many USD a month (default: promptcost.yaml's policy.maxMonthlyIncrease).",
    default: '',
  },
  'github-token': { description: 'The token that posts the comment; needs pull-requests: write.', default: '${{ github.token }}' },
} as const;

export const ACTION_OUTPUTS = {
  'monthly-cost': { description: 'The monthly cost at the head, in USD (priced sites only).' },
  'monthly-diff': { description: 'The change in monthly cost from the base, in USD; empty without a base.' },
  'report-path': { description: 'The path of the JSON written: the diff (with its policy verdict), or the estimate without a base.' },
} as const;

export type InputName = keyof typeof ACTION_INPUTS;
export type OutputName = keyof typeof ACTION_OUTPUTS;

const COMMENT_MODES = ['update', 'new', 'off'] as const;
export type CommentMode = (typeof COMMENT_MODES)[number];

export interface ActionInputs {
  paths: string[];
  base?: string;
  comment: CommentMode;
  sarif?: string;
  failOn?: string;
  maxMonthlyIncrease?: string;
  token?: string;
}

/** What the runner passes: `INPUT_` and the name in capitals (hyphens kept), as GitHub sets it. */
export function inputValue(env: NodeJS.ProcessEnv, name: InputName): string {
  return (env[`INPUT_${name.toUpperCase()}`] ?? '').trim();
}

/** The inputs, checked: a bad value is a usage error naming the input (the CLI's own checks cover the rest). */
export function readInputs(env: NodeJS.ProcessEnv): ActionInputs {
  const value = (name: InputName) => inputValue(env, name) || undefined;
  const comment = value('comment') ?? ACTION_INPUTS.comment.default;
  if (!(COMMENT_MODES as readonly string[]).includes(comment))
    throw new UsageError(`the comment input must be one of ${COMMENT_MODES.join(', ')}, not '${comment}'`);
  return {
    paths: (value('paths') ?? '.').split(/\s+/).filter((entry) => entry !== ''),
    base: value('base'),
    comment: comment as CommentMode,
    sarif: value('sarif'),
    failOn: value('fail-on'),
    maxMonthlyIncrease: value('max-monthly-increase'),
    token: value('github-token'),
  };
}
