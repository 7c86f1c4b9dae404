/**
 * Gateway errors as the visitor reads them: a self-service message (selfService.errors.<key>) and, for a field
 * error, the step where the visitor can fix it. Staff-facing wording (errors.*) is never shown on the kiosk.
 */
import { isApiError } from '../../api/client.js';
import { stepOfField, type CheckInStep, type SelfServiceErrorKey, type StepError } from './state.js';

const FIELD_KEYS: Partial<Record<NonNullable<StepError['field']>, SelfServiceErrorKey>> = {
  fullName: 'fullName',
  phone: 'phone',
  docNumber: 'docNumber',
  docType: 'docNumber',
  expectedRef: 'expectedRef',
  host: 'host',
  signature: 'signature',
  photo: 'photo',
};

/** Errors every kiosk request can meet. */
function commonError(err: unknown): SelfServiceErrorKey {
  if (!isApiError(err)) return 'generic';
  switch (err.code) {
    case 'rate_limited':
      return 'rate_limited';
    case 'network':
      return 'network';
    case 'unauthorized':
    case 'forbidden':
      return 'unavailable';
    default:
      return 'generic';
  }
}

/** A failed check-in: where to send the visitor and what to tell them. Nothing they entered is lost. */
export function checkInError(err: unknown): { error: StepError; step: CheckInStep | null } {
  if (isApiError(err) && err.code === 'visit_duplicate') return { error: { key: 'visit_duplicate' }, step: null };
  if (isApiError(err) && err.code === 'validation_failed') {
    const first = err.fields[0];
    if (!first) return { error: { key: 'validation' }, step: null };
    const { step, field } = stepOfField(first.path);
    const key = (field && FIELD_KEYS[field]) ?? 'validation';
    return { error: field ? { key, field } : { key }, step };
  }
  return { error: { key: commonError(err) }, step: null };
}

/** A failed sign-out. `invitation` when the code belongs to a visit that is only expected (not yet signed in). */
export function signOutError(err: unknown): StepError | 'invitation' {
  if (isApiError(err)) {
    if (err.code === 'not_found') return { key: 'notFound' };
    if (err.code === 'visit_state_invalid') {
      if (err.params.status === 'expected') return 'invitation';
      // A stopped visit is the desk's business: nothing about why on the kiosk.
      return err.params.status === 'checked_out' || err.params.status === 'cancelled' ? { key: 'alreadySignedOut' } : { key: 'generic' };
    }
    if (err.code === 'validation_failed') return { key: 'ref' };
  }
  return { key: commonError(err) };
}
