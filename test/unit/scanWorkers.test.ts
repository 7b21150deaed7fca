import * as assert from 'assert';
import { defaultScanWorkers } from '../../src/core/engine';

describe('scan workers by default', () => {
  it('are two from four cores, one below (a second worker on two cores made a scan slower and larger)', () => {
    assert.deepStrictEqual([1, 2, 3, 4, 8, 64].map(defaultScanWorkers), [1, 1, 1, 2, 2, 2]);
  });
});
