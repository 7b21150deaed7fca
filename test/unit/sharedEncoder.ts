import { InProcessEncoder } from '../../src/core/tokens/inProcessEncoder';

/**
 * One in-process encoder for the unit tests. Each encoder builds its own rank tables on first use
 * (~0.6 s for o200k, several seconds on a loaded machine); sharing this one, which the root hook in
 * warmUp.ts builds before any test, keeps that cost out of every test's 5 s. A test about when a
 * table gets built makes an encoder of its own.
 */
export const sharedEncoder = new InProcessEncoder();
