import type { CardAction, CardStatus } from '../contract/index.js';

/**
 * The card state machine. Revoked and lost are final: such a card never becomes active again (a lost card that
 * turns up stays lost; the holder gets a replacement). Activation is its own step (it needs a holder and access).
 */
const TRANSITIONS: Record<CardAction, { from: readonly CardStatus[]; to: CardStatus }> = {
  suspend: { from: ['active'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'active' },
  revoke: { from: ['in_stock', 'active', 'suspended', 'returned', 'expired'], to: 'revoked' },
  mark_lost: { from: ['active', 'suspended', 'expired'], to: 'lost' },
  return: { from: ['active', 'suspended', 'expired'], to: 'returned' },
  restock: { from: ['returned', 'expired'], to: 'in_stock' },
};

/** Statuses from which a card may be activated for a (new) holder. */
export const ACTIVATABLE: readonly CardStatus[] = ['in_stock', 'returned', 'expired'];

export function nextStatus(from: CardStatus, action: CardAction): CardStatus | null {
  const rule = TRANSITIONS[action] as (typeof TRANSITIONS)[CardAction] | undefined;
  return rule?.from.includes(from) ? rule.to : null;
}

export const FINAL_STATUSES: readonly CardStatus[] = ['revoked', 'lost'];
