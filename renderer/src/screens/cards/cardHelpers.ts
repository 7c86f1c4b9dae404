/** Pure helpers of the card screens: which actions a status offers, colours, reader technologies. */
import { ACTIVATABLE_STATUSES, CARD_TRANSITIONS, type CardAction, type CardStatus } from '../../contract.js';

// The state machine comes from the contract, the same table the gateway enforces; it only decides which buttons
// to offer (the gateway still refuses invalid transitions with card_transition_invalid).
export const ACTION_ORDER: readonly CardAction[] = ['suspend', 'resume', 'return', 'restock', 'mark_lost', 'revoke'];
const REPLACEABLE: readonly CardStatus[] = ['active', 'suspended', 'expired', 'lost'];

export function canActivate(status: CardStatus): boolean {
  return ACTIVATABLE_STATUSES.includes(status);
}

export function canReplace(status: CardStatus): boolean {
  return REPLACEABLE.includes(status);
}

/** Status actions (suspend … revoke) a card in `status` allows, in button order. */
export function actionsFor(status: CardStatus): CardAction[] {
  return ACTION_ORDER.filter((a) => CARD_TRANSITIONS[a].from.includes(status));
}

/** Actions that end a card for good: shown in red. */
export const DANGEROUS: readonly CardAction[] = ['revoke', 'mark_lost'];

export const statusColor: Record<CardStatus, string> = {
  in_stock: 'gray',
  active: 'green',
  suspended: 'orange',
  revoked: 'red',
  lost: 'red',
  returned: 'blue',
  expired: 'yellow',
};

/** A reader's technology string (em4100, mifare-classic, iso14443a, wedge) → the register's technology. */
export function technologyOf(readerTechnology: string): 'em4100' | 'mifare_classic' {
  return /mifare|14443/i.test(readerTechnology) ? 'mifare_classic' : 'em4100';
}

/** Desk devices whose taps look a card up on the Cards screen. */
export const DESK_ROLES: readonly string[] = ['desk_reader', 'desk_encoder'];

/** Card event kinds with a catalog entry (cards.eventKinds). */
export const EVENT_KINDS = ['registered', 'activated', 'suspended', 'resumed', 'revoked', 'lost', 'returned', 'restocked'] as const;
