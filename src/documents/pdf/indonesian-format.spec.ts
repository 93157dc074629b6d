import { formatIndonesianDate, formatIndonesianDayDate, formatNip, parseLetterDate } from './indonesian-format';

describe('Indonesian formats', () => {
  it('writes dates with Indonesian month names', () => {
    expect(formatIndonesianDate('2026-11-22')).toBe('22 November 2026');
    expect(formatIndonesianDate('2026-02-01')).toBe('1 Februari 2026');
    expect(formatIndonesianDate('2026-08-17')).toBe('17 Agustus 2026');
  });

  it('names the day for invitations', () => {
    expect(formatIndonesianDayDate('2026-11-23')).toBe('Senin, 23 November 2026');
    expect(formatIndonesianDayDate('2026-11-27')).toBe('Jumat, 27 November 2026');
  });

  it('rejects impossible dates', () => {
    expect(parseLetterDate('2026-02-30')).toBeUndefined();
    expect(parseLetterDate('22/11/2026')).toBeUndefined();
    expect(() => formatIndonesianDate('2026-13-01')).toThrow(RangeError);
  });

  it('groups an 18-digit NIP and leaves anything else alone', () => {
    expect(formatNip('198001012005011001')).toBe('19800101 200501 1 001');
    expect(formatNip('12345')).toBe('12345');
  });
});
