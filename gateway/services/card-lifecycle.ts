import { ACTIVATABLE_STATUSES, CARD_TRANSITIONS, type CardAction, type CardStatus } from '../contract/index.js';

/** The state machine itself lives in the contract (CARD_TRANSITIONS) so the UI offers only allowed actions. */
export const ACTIVATABLE = ACTIVATABLE_STATUSES;

export function nextStatus(from: CardStatus, action: CardAction): CardStatus | null {
  const rule = CARD_TRANSITIONS[action] as (typeof CARD_TRANSITIONS)[CardAction] | undefined;
  return rule?.from.includes(from) ? rule.to : null;
}

export const FINAL_STATUSES: readonly CardStatus[] = ['revoked', 'lost'];
