import { EVENT_TRIGGERS, RetentionTrigger } from '../../classification/jra/jra';

/** The facts of a berkas its due dates follow from. Days are WIB calendar days, YYYY-MM-DD. */
export interface RetentionFacts {
  retentionTrigger: RetentionTrigger;
  activeYears: number;
  inactiveYears: number;
  createdOn: string;
  closedOn: string | null;
  triggerOccurredOn: string | null;
}

export interface DueDates {
  clockStartedOn: string | null;
  activeUntil: string | null;
  inactiveUntil: string | null;
}

/** A day `years` later; 29 February falls on 28 February in a year without one. */
export function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const dd = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/** The day the clock starts under the trigger, or null while that day is not known. */
export function clockStart(f: RetentionFacts): string | null {
  if (f.retentionTrigger === RetentionTrigger.Created) return f.createdOn;
  if (f.retentionTrigger === RetentionTrigger.BerkasClosed) return f.closedOn;
  // The event (tidak berlaku, dipertanggungjawabkan, diaudit, perkara selesai) counts only for a
  // closed berkas: one still open may receive more letters of the matter.
  return EVENT_TRIGGERS.includes(f.retentionTrigger) && f.closedOn ? f.triggerOccurredOn : null;
}

/**
 * The due dates of a berkas: active until start + active years, inactive until that + inactive
 * years. Pure, so the daily job and the acts that change the facts compute them the same way.
 */
export function dueDates(f: RetentionFacts): DueDates {
  const start = clockStart(f);
  if (!start) return { clockStartedOn: null, activeUntil: null, inactiveUntil: null };
  return { clockStartedOn: start, activeUntil: addYears(start, f.activeYears), inactiveUntil: addYears(start, f.activeYears + f.inactiveYears) };
}
