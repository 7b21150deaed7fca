import * as assert from 'assert';
import { ParserUnavailableError } from '../../src/core/extract/code/treeSitter';
import { internalError } from '../../src/core/findings/internalError';
import { BrokenInstallError } from '../../src/core/log/brokenInstallError';

const FIRST_LINE = { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } };

describe('ParserUnavailableError', () => {
  it("drops emscripten's advice for its builders and says what fixes it", () => {
    const abort = new Error('Aborted(CompileError: WebAssembly.instantiate(): expected magic word 00 61 73 6d @+0). Build with -sASSERTIONS for more info.');
    const error = new ParserUnavailableError('The code parser (web-tree-sitter) could not start', abort);
    assert.strictEqual(
      error.message,
      'The code parser (web-tree-sitter) could not start: Aborted(CompileError: WebAssembly.instantiate(): expected magic word 00 61 73 6d @+0). Reinstalling Prompt Cost should fix it.',
    );
    assert.strictEqual(error.mayPass, false);
    assert.ok(error instanceof BrokenInstallError);
  });

  it('a failure to read the file may pass (an errno code): the next parse tries again', () => {
    const tooManyFiles = Object.assign(new Error('EMFILE: too many open files, open tree-sitter-python.wasm'), { code: 'EMFILE' });
    const error = new ParserUnavailableError('The python grammar could not load', tooManyFiles);
    assert.strictEqual(error.mayPass, true);
    const missing = Object.assign(new Error("ENOENT: no such file or directory, open 'tree-sitter-python.wasm'"), { code: 'ENOENT' });
    assert.strictEqual(new ParserUnavailableError('The python grammar could not load', missing).mayPass, false);
    assert.strictEqual(
      error.message,
      'The python grammar could not load: EMFILE: too many open files, open tree-sitter-python.wasm. Reinstalling Prompt Cost should fix it.',
    );
  });

  it('as a finding: a damaged install, not worded as a bug', () => {
    const error = new ParserUnavailableError(
      'The python grammar could not load',
      new Error('WebAssembly.instantiate(): section extends past end of the module'),
    );
    assert.strictEqual(
      internalError('Prompt Cost could not analyse this file', error, FIRST_LINE).message,
      'Prompt Cost could not analyse this file: The python grammar could not load: WebAssembly.instantiate(): section extends past end of the module. Reinstalling Prompt Cost should fix it.',
    );
    assert.strictEqual(
      internalError('Prompt Cost could not analyse this file', new TypeError('x is undefined'), FIRST_LINE).message,
      'Prompt Cost could not analyse this file: x is undefined. This is a bug in Prompt Cost, not a problem of this file; its stack is in the Prompt Cost log (the output channel in VS Code, --verbose in the CLI).',
    );
  });
});
