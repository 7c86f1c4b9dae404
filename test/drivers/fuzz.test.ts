import { describe, expect, it } from 'vitest';
import { FUZZ_TARGETS } from '../support/fuzz.js';

/** CI runs a few thousand cases per parser; the bench calls the same bodies with 100,000. */
const RUNS = Number(process.env.FRONTGATE_FUZZ_RUNS ?? 1500);

describe('parser fuzzing (fast-check): no exception escapes, buffers stay bounded, resync after garbage', () => {
  for (const [name, run] of Object.entries(FUZZ_TARGETS)) {
    it(name, () => {
      expect(() => run(RUNS)).not.toThrow();
    });
  }
});
