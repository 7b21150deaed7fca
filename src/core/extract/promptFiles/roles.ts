import type { Role } from '../../types';

/** Role names the prompt formats accept, mapped to the API role they become. */
export const ROLE_NAMES: Readonly<Record<string, Role>> = {
  system: 'system',
  developer: 'developer',
  user: 'user',
  human: 'user',
  assistant: 'assistant',
  model: 'assistant',
  ai: 'assistant',
  tool: 'tool',
  function: 'tool',
};

/** The known role a misspelt word was probably meant to be (edit distance ≤ 2), if any. */
export function nearestRole(word: string, allowed: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  if (lower.length < 3 || allowed.includes(lower)) return undefined;
  let best: { role: string; distance: number } | undefined;
  for (const role of allowed) {
    const distance = editDistance(lower, role);
    if (distance <= 2 && (!best || distance < best.distance)) best = { role, distance };
  }
  return best?.role;
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}
