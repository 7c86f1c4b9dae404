/**
 * The kiosk's steps after the welcome screen, as one chunk: SelfServiceKiosk loads it when a visitor first touches
 * the kiosk (or a card or code starts a sign-out), so the welcome screen itself loads none of it.
 */
export { DoneStep } from './DoneStep.js';
export { HostStep } from './HostStep.js';
export { IdentityStep } from './IdentityStep.js';
export { IdleOverlay } from './IdleOverlay.js';
export { PhotoStep } from './PhotoStep.js';
export { PurposeStep } from './PurposeStep.js';
export { RulesStep } from './RulesStep.js';
export { GoodbyeStep, SignOutStep } from './SignOutStep.js';
