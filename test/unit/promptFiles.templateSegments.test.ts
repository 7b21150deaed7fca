import * as assert from 'assert';
import { segmentTemplate } from '../../src/core/extract/promptFiles/templateSegments';
import { LineIndex } from '../../src/core/text/lineIndex';
import { dynamic, range, text } from './promptFileHelpers';

const segment = (source: string, syntax: Parameters<typeof segmentTemplate>[4]) => segmentTemplate(source, 0, source.length, new LineIndex(source), syntax);

describe('template segments', () => {
  it('drops a Handlebars long comment even when it contains }}', () => {
    assert.deepStrictEqual(segment('A{{!-- not {{sent}} --}}B {{x}}', 'handlebars'), [
      text('A', range(0, 0, 0, 1)),
      text('B ', range(0, 24, 0, 26)),
      dynamic('{{x}}', 'x', 'variable', range(0, 26, 0, 31)),
    ]);
  });

  it('keeps {# … #} as text in Mustache, so the variables inside it still count', () => {
    assert.deepStrictEqual(segment('{# {{a}} #}', 'mustache'), [
      text('{# ', range(0, 0, 0, 3)),
      dynamic('{{a}}', 'a', 'variable', range(0, 3, 0, 8)),
      text(' #}', range(0, 8, 0, 11)),
    ]);
  });

  it('reads Jinja comments, blocks and variables', () => {
    assert.deepStrictEqual(segment('{# note #}{{ y }}{% if z %}', 'jinja'), [
      dynamic('{{ y }}', 'y', 'variable', range(0, 10, 0, 17)),
      dynamic('{% if z %}', '%if', 'control', range(0, 17, 0, 27)),
    ]);
  });
});
