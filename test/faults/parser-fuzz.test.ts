/**
 * Device-parser fuzzing at fault-suite scale: the bodies of test/support/fuzz.ts (random bytes, mutated frames,
 * resynchronisation after garbage) with FRONTGATE_FAULT_RUNS runs per property (20,000 in `npm run test:faults`;
 * a short run in `npm test`, where test/drivers/fuzz.test.ts already covers the everyday count).
 */
import { describe, expect, it } from 'vitest';
import { FUZZ_TARGETS } from '../support/fuzz.js';
import { FULL, FUZZ_RUNS } from '../support/faults.js';

describe(`device parsers under ${FUZZ_RUNS.toLocaleString('en')} fuzz runs per property`, () => {
  for (const [name, run] of Object.entries(FUZZ_TARGETS)) {
    it(name, () => {
      expect(() => run(FUZZ_RUNS)).not.toThrow();
    }, FULL ? 30 * 60_000 : 60_000);
  }
});
