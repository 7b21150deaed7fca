import type { Context } from 'mocha';
import { initTreeSitter, loadLanguage, type GrammarName } from '../../src/core/extract/code/treeSitter';
import { sharedEncoder } from './sharedEncoder';

const GRAMMARS: GrammarName[] = ['typescript', 'tsx', 'javascript', 'python'];

/**
 * Mocha root hook (loaded through `require` in .mocharc.json): pays the one-off loads before the
 * first test, whichever tests run, so that no single test pays them inside its 5 s timeout.
 */
export const mochaHooks = {
  async beforeAll(this: Context) {
    // Building both rank tables and starting tree-sitter with its grammars takes ~1.5 s when the
    // machine is idle and can take many times that under load; this hook is the one place that waits for it.
    this.timeout(60_000);
    sharedEncoder.countSync('o200k_base', ['warm-up']);
    sharedEncoder.countSync('cl100k_base', ['warm-up']);
    await initTreeSitter();
    await Promise.all(GRAMMARS.map((grammar) => loadLanguage(grammar)));
  },
};
