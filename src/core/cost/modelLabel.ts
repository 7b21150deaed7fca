import type { Estimate } from '../types';

/**
 * How a site's model reads in a CodeLens, a table or a report: `gpt-4o-mini`, or
 * `gpt-4o-mini (assumed)` for a default nobody named. Reports use the canonical id (what they group
 * on); the CodeLens the id as priced (`openai/gpt-4o-mini`), closer to the text in the file.
 */
export function modelLabel(model: Estimate['model'], spelling: 'canonical' | 'priced' = 'canonical'): string | undefined {
  const id = spelling === 'canonical' ? (model.canonical ?? model.id) : model.id;
  if (id === undefined) return undefined;
  return model.origin === 'assumed' ? `${id} (assumed)` : id;
}
