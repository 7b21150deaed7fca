import { grammarForFile, loadLanguage } from '../extract/code/treeSitter';
import { pricedModel } from '../pricing/modelChoices';
import type { InProcessEncoder } from '../tokens/inProcessEncoder';
import { chooseTokenizer } from '../tokens/tokenizerChoice';

/**
 * Builds ahead what the first analysis of `file` with `model` needs: the code parser and the file's
 * grammar, the price data, then the model's tokenizer table — the slowest part (o200k_base: one to two
 * seconds of CPU) and synchronous, so it comes last and only after the requests that arrived
 * meanwhile (an outline of the file) have had their turn on this thread. Each step is done once;
 * warming up again costs nothing.
 */
export async function warmUp(encoder: InProcessEncoder, file: string, model: string): Promise<void> {
  const grammar = grammarForFile(file);
  if (grammar) await loadLanguage(grammar);
  pricedModel(model);
  await new Promise((resolve) => setImmediate(resolve));
  encoder.countSync(chooseTokenizer(model).encoding, ['warm-up']);
}
