/** Small pure helpers shared by the visit log, expected visitors, alerts and invitations. */
import { VisitPurpose, VisitStatus } from '../../contract.js';
import { hostInput, type HostKind } from '../visitors/visitHelpers.js';

export { svgDataUrl } from '../visitors/visitHelpers.js';
export type { HostKind };

export const purposes: readonly VisitPurpose[] = VisitPurpose.options;
export const statuses: readonly VisitStatus[] = VisitStatus.options;

export const hostKinds: readonly HostKind[] = ['person', 'unit', 'company'];

/** Whom a visit is for, as a picker holds it: a kind and the picked id (null until picked). */
export interface HostChoice {
  kind: HostKind;
  id: number | null;
}

/** The contract's host object (exactly one id set) for a picked host. */
export function hostOf(choice: HostChoice): { personId: number | null; unitId: number | null; companyId: number | null } {
  return hostInput(choice.kind, choice.id);
}

/** The visit list's host filter for a picked host (nothing while none is picked). */
export function hostQuery(choice: HostChoice): { hostPersonId?: number; hostUnitId?: number; hostCompanyId?: number } {
  if (choice.id === null) return {};
  if (choice.kind === 'person') return { hostPersonId: choice.id };
  if (choice.kind === 'unit') return { hostUnitId: choice.id };
  return { hostCompanyId: choice.id };
}


/** "3, 12" → [3, 12]; anything that is not a whole number stays as NaN so the contract schema rejects it. */
export function parseFloors(text: string): number[] {
  return text
    .split(/[,;\s]+/)
    .filter((part) => part !== '')
    .map((part) => (/^-?\d+$/.test(part) ? Number(part) : Number.NaN));
}

export function floorsText(floors: readonly number[]): string {
  return floors.join(', ');
}


/** An instant as the wall-clock value of a datetime-local input ("2024-05-01T08:30") in the building's time zone. */
export function zonedLocalInput(at: Date, timeZone: string): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(at);
  } catch {
    return at.toISOString().slice(0, 16);
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}

/** The next quarter hour after `now`. */
export function nextQuarterHour(now: Date): Date {
  const quarter = 15 * 60_000;
  return new Date(Math.ceil((now.getTime() + 1) / quarter) * quarter);
}
