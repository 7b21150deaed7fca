import { grammarForFile, loadLanguage } from '../extract/code/treeSitter';
import { pricedModel } from '../pricing/modelChoices';
import type { InProcessEncoder } from '../tokens/inProcessEncoder';
import { chooseTokenizer } from '../tokens/tokenizerChoice';

/**
 * Builds ahead what the first analysis of `file` with `model` needs: the code parser and the file's
 * grammar, then the price data and the model's tokenizer table. Those two are synchronous, the table
 * the slowest part (o200k_base: one to two seconds of CPU), so they wait until the requests that
 * arrived meanwhile (an outline of the file, which needs only the parser) have had their turn on this
 * thread. Each step is done once; warming up again costs nothing.
 */
export async function warmUp(encoder: InProcessEncoder, file: string, model: string): Promise<void> {
  const grammar = grammarForFile(file);
  if (grammar) await loadLanguage(grammar);
  await new Promise((resolve) => setImmediate(resolve));
  pricedModel(model);
  encoder.countSync(chooseTokenizer(model).encoding, ['warm-up']);
}
