import type { FileAnalysis } from '../../resolve/scope';
import type { Ctx } from '../../resolve/values';
import type { CallFailure, CallSite } from '../../codeModel/codeModel';
import type { AgentLoop } from '../../types';
import { agentLoop, loopAround } from './agentLoops';

/**
 * Every call of the file whose callee is a name or member chain, in document order. A call the
 * resolver fails on is left out and listed in `failures`: it must not cost the file its other calls.
 */
export function buildCallSites(analysis: FileAnalysis, ctx: Ctx): { calls: CallSite[]; failures: CallFailure[] } {
  const sites: CallSite[] = [];
  const failures: CallFailure[] = [];
  const comments = commentsByEndLine(analysis);
  const loops = new Map<number, AgentLoop | undefined>();
  for (const raw of analysis.calls) {
    try {
      const call = ctx.language.call(raw.node, raw.scope, ctx);
      if (!call) continue;
      const site: CallSite = { call, language: analysis.language, enclosingFunction: raw.enclosingFunction, inLoop: raw.inLoop };
      if (raw.inLoop) {
        const agent = agentLoop(raw, ctx);
        if (agent) site.agent = agent;
        // Read once per loop: every call in it shares the bound.
        if (!loops.has(raw.loopStart)) loops.set(raw.loopStart, agent ?? loopAround(raw, ctx));
        const loop = loops.get(raw.loopStart);
        if (loop) site.loop = loop;
      }
      const comment = commentAbove(raw.node.startIndex, raw.statementStart, analysis, comments);
      if (comment !== undefined) site.commentAbove = comment;
      sites.push(site);
    } catch (error) {
      failures.push({ range: analysis.index.range(raw.node.startIndex, raw.node.endIndex), error });
    }
  }
  return { calls: sites, failures };
}

interface CommentLines {
  startLine: number;
  start: number;
  end: number;
}

/** Comments that are alone on their lines (not trailing code), by the line they end on. */
function commentsByEndLine(analysis: FileAnalysis): Map<number, CommentLines> {
  const { index, text } = analysis;
  const byLine = new Map<number, CommentLines>();
  for (const comment of analysis.comments) {
    const start = index.positionAt(comment.start);
    if (text.slice(comment.start - start.character, comment.start).trim() !== '') continue;
    byLine.set(index.positionAt(comment.end).line, { startLine: start.line, start: comment.start, end: comment.end });
  }
  return byLine;
}

/**
 * The comment lines directly above the call when it starts its own line (one element of
 * `Promise.all([...])`), else directly above the statement holding it. Found by line, not by
 * climbing the tree: a node's parent costs tree-sitter a walk down from the root.
 */
function commentAbove(callStart: number, statementStart: number, analysis: FileAnalysis, comments: Map<number, CommentLines>): string | undefined {
  if (comments.size === 0) return undefined;
  const { index, text } = analysis;
  const anchors: number[] = [];
  const call = index.positionAt(callStart);
  if (/^\s*((await|return|yield)\s+)*$/.test(text.slice(callStart - call.character, callStart))) anchors.push(call.line);
  anchors.push(index.positionAt(statementStart).line);
  for (const line of anchors) {
    const lines: string[] = [];
    for (let comment = comments.get(line - 1); comment; comment = comments.get(comment.startLine - 1)) {
      lines.unshift(...commentText(text.slice(comment.start, comment.end)));
    }
    if (lines.length > 0) return lines.join('\n');
  }
  return undefined;
}

/** A comment's lines without `//`, `#`, `/*`, `*` and `*\/`. */
function commentText(comment: string): string[] {
  if (comment.startsWith('/*')) {
    return comment
      .replace(/^\/\*+/, '')
      .replace(/\*+\/$/, '')
      .split(/\r?\n/)
      .map((line) => line.replace(/^\s*\*?/, '').trim())
      .filter((line) => line !== '');
  }
  return [comment.replace(/^(\/\/+|#+)/, '').trim()];
}
