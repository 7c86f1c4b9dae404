/** A `visitor.preregister` command as the visit register takes it (VisitService.preRegister ← VisitExpect). */
import type { VisitExpect, VisitorPreRegistration } from '../contract/index.js';

/**
 * The ID number of a pre-registration is not kept: an expected visit holds no ID data until the visitor shows the
 * document at the desk, where it is checked (and matched against the watchlist) like any other.
 */
export function visitExpectOf(input: VisitorPreRegistration): VisitExpect {
  return {
    fullName: input.fullName,
    phone: null,
    company: null,
    purpose: input.purpose,
    host: { personId: input.hostPersonId, unitId: input.hostUnitId, companyId: input.hostCompanyId },
    expectedStart: input.expectedStart,
    expectedEnd: input.expectedEnd,
    note: input.note,
  };
}
