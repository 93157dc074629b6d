import { WIB_TIME_ZONE } from './wib';

/**
 * Every date the server writes in Bahasa Indonesia (letters, berita acara, verification page,
 * dispatch list and e-mail, notices), on Intl's `id-ID` calendar: "22 November 2026",
 * "Senin, 23 November 2026", "22 November 2026 pukul 09.30 WIB". Letters carry calendar days
 * (YYYY-MM-DD, no time zone); instants are shown in WIB.
 */

// A calendar day is formatted at UTC midnight in UTC, so no zone can move it to another day.
const calendarDay = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const calendarDayWithWeekday = new Intl.DateTimeFormat('id-ID', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const wibDay = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeZone: WIB_TIME_ZONE });
const wibDayAndTime = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeStyle: 'short', timeZone: WIB_TIME_ZONE });

/** Parses a calendar date "YYYY-MM-DD"; letters carry dates, not instants, so no time zone is involved. */
export function parseLetterDate(isoDate: string): { year: number; month: number; day: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

function utcMidnight(isoDate: string): Date {
  const d = parseLetterDate(isoDate);
  if (!d) throw new RangeError(`not a calendar date: ${isoDate}`);
  const at = new Date(Date.UTC(d.year, d.month - 1, d.day));
  // Date.UTC reads years 0-99 as 1900-1999.
  at.setUTCFullYear(d.year);
  return at;
}

/** "2026-11-22" → "22 November 2026". */
export function formatIndonesianDate(isoDate: string): string {
  return calendarDay.format(utcMidnight(isoDate));
}

/** "2026-11-23" → "Senin, 23 November 2026" (for the Hari/Tanggal line of an invitation). */
export function formatIndonesianDayDate(isoDate: string): string {
  return calendarDayWithWeekday.format(utcMidnight(isoDate));
}

/** The WIB day of an instant: 2026-11-22T20:30Z → "23 November 2026". */
export function formatWibDate(at: Date): string {
  return wibDay.format(at);
}

/** An instant in WIB, with the zone: "22 November 2026 pukul 09.30 WIB". */
export function formatWibDateTime(at: Date): string {
  return `${wibDayAndTime.format(at)} WIB`;
}

/** A period between two instants, the zone said once: "1 Desember 2026 pukul 08.00 s.d. 5 Desember 2026 pukul 16.00 WIB". */
export function formatWibPeriod(from: Date, to: Date): string {
  return `${wibDayAndTime.format(from)} s.d. ${wibDayAndTime.format(to)} WIB`;
}
