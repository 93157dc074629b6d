/** Dates as Indonesians write them, always in WIB (Asia/Jakarta), whatever the device's zone. */
const ZONE = 'Asia/Jakarta';

const longDate = new Intl.DateTimeFormat('id-ID', { timeZone: ZONE, day: 'numeric', month: 'long', year: 'numeric' });
const shortParts = new Intl.DateTimeFormat('id-ID', { timeZone: ZONE, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

const toDate = (value: string | Date) => (value instanceof Date ? value : new Date(value));

/** "3 Desember 2026". */
export function formatDate(value: string | Date): string {
  return longDate.format(toDate(value));
}

/** "3 Des 2026 14.05" (WIB). */
export function formatDateTime(value: string | Date): string {
  const parts = Object.fromEntries(shortParts.formatToParts(toDate(value)).map((p) => [p.type, p.value]));
  const month = String(parts.month).replace('.', '');
  return `${parts.day} ${month} ${parts.year} ${parts.hour}.${parts.minute}`;
}

/** A date-only value (YYYY-MM-DD) as "3 Desember 2026", without shifting it through a time zone. */
export function formatCalendarDate(value: string): string {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  return longDate.format(new Date(Date.UTC(y, m - 1, d, 5)));
}
