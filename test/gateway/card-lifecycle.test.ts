import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CardAction, CardStatus } from '../../gateway/contract/index.js';
import { ACTIVATABLE, FINAL_STATUSES, nextStatus } from '../../gateway/services/card-lifecycle.js';

const step = fc.oneof(fc.constantFrom(...CardAction.options).map((a) => ({ kind: 'action' as const, action: a })), fc.constant({ kind: 'activate' as const }));

/** Applies a sequence the way the service does: refused steps leave the status as it is. */
function run(start: CardStatus, steps: { kind: 'action' | 'activate'; action?: CardAction }[]): CardStatus[] {
  const seen: CardStatus[] = [start];
  let status = start;
  for (const s of steps) {
    if (s.kind === 'activate') status = ACTIVATABLE.includes(status) ? 'active' : status;
    else status = nextStatus(status, s.action!) ?? status;
    seen.push(status);
  }
  return seen;
}

describe('card state machine (property-based)', () => {
  it('a revoked or lost card never becomes active again, whatever happens next', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CardStatus.options), fc.array(step, { maxLength: 30 }), (start, steps) => {
        const seen = run(start, steps);
        const final = seen.findIndex((s) => FINAL_STATUSES.includes(s));
        if (final >= 0) expect(seen.slice(final).every((s) => s === seen[final])).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('every status is reachable from stock, and active only through activation or resume', () => {
    const reachable = new Set<CardStatus>(run('in_stock', [{ kind: 'activate' }]));
    for (let round = 0; round < 4; round++) {
      for (const status of [...reachable]) for (const action of CardAction.options) reachable.add(nextStatus(status, action) ?? status);
    }
    expect([...reachable].sort()).toEqual([...CardStatus.options].filter((s) => s !== 'expired').sort());
    for (const status of CardStatus.options) {
      for (const action of CardAction.options) if (nextStatus(status, action) === 'active') expect([status, action]).toEqual(['suspended', 'resume']);
    }
  });
});
