import { formatIndonesianDate, formatIndonesianDayDate, formatWibDate, formatWibDateTime, formatWibPeriod, parseLetterDate } from './indonesian-date';

// The hand-written tables the formats replaced: Intl's id-ID must print exactly the same.
const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
const DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];

describe('Indonesian dates', () => {
  it('writes dates with Indonesian month names', () => {
    expect(formatIndonesianDate('2026-11-22')).toBe('22 November 2026');
    expect(formatIndonesianDate('2026-02-01')).toBe('1 Februari 2026');
    expect(formatIndonesianDate('2026-08-17')).toBe('17 Agustus 2026');
  });

  it('names the day for invitations', () => {
    expect(formatIndonesianDayDate('2026-11-23')).toBe('Senin, 23 November 2026');
    expect(formatIndonesianDayDate('2026-11-27')).toBe('Jumat, 27 November 2026');
  });

  it('prints every day of 2024-2031 as the hand-written month and day tables did', () => {
    const differ: string[] = [];
    for (let at = Date.UTC(2024, 0, 1); at < Date.UTC(2032, 0, 1); at += 86_400_000) {
      const d = new Date(at);
      const iso = d.toISOString().slice(0, 10);
      const date = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
      if (formatIndonesianDate(iso) !== date) differ.push(`${iso}: ${formatIndonesianDate(iso)}`);
      if (formatIndonesianDayDate(iso) !== `${DAYS[d.getUTCDay()]}, ${date}`) differ.push(`${iso}: ${formatIndonesianDayDate(iso)}`);
    }
    expect(differ).toEqual([]);
  });

  it('rejects impossible dates', () => {
    expect(parseLetterDate('2026-02-30')).toBeUndefined();
    expect(parseLetterDate('22/11/2026')).toBeUndefined();
    expect(() => formatIndonesianDate('2026-13-01')).toThrow(RangeError);
    expect(() => formatIndonesianDayDate('2026-02-29')).toThrow(RangeError);
  });

  it('shows instants in WIB (UTC+7): the day, the time with the zone, a period', () => {
    expect(formatWibDate(new Date('2026-11-22T16:59:00Z'))).toBe('22 November 2026');
    expect(formatWibDate(new Date('2026-11-22T17:00:00Z'))).toBe('23 November 2026');
    expect(formatWibDateTime(new Date('2026-11-22T02:30:00Z'))).toBe('22 November 2026 pukul 09.30 WIB');
    expect(formatWibPeriod(new Date('2026-12-01T01:00:00Z'), new Date('2026-12-05T09:00:00Z'))).toBe('1 Desember 2026 pukul 08.00 s.d. 5 Desember 2026 pukul 16.00 WIB');
  });
});
