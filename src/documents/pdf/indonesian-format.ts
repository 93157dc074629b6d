const MONTHS = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];
const DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];

/** Parses a calendar date "YYYY-MM-DD"; letters carry dates, not instants, so no time zone is involved. */
export function parseLetterDate(isoDate: string): { year: number; month: number; day: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

/** "2026-11-22" → "22 November 2026". */
export function formatIndonesianDate(isoDate: string): string {
  const d = parseLetterDate(isoDate);
  if (!d) throw new RangeError(`not a calendar date: ${isoDate}`);
  return `${d.day} ${MONTHS[d.month - 1]} ${d.year}`;
}

/** "2026-11-23" → "Senin, 23 November 2026" (for the Hari/Tanggal line of an invitation). */
export function formatIndonesianDayDate(isoDate: string): string {
  const d = parseLetterDate(isoDate);
  if (!d) throw new RangeError(`not a calendar date: ${isoDate}`);
  return `${DAYS[new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()]}, ${formatIndonesianDate(isoDate)}`;
}

/** An 18-digit NIP grouped as printed on letters: "19800101 200501 1 001". */
export function formatNip(nip: string): string {
  const digits = nip.replace(/\s+/g, '');
  if (!/^\d{18}$/.test(digits)) return nip;
  return `${digits.slice(0, 8)} ${digits.slice(8, 14)} ${digits.slice(14, 15)} ${digits.slice(15)}`;
}
