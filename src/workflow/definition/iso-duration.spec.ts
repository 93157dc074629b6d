import { addIsoDuration, parseIsoDuration } from './iso-duration';

const HOUR = 3_600_000;

describe('parseIsoDuration', () => {
  it.each([
    ['PT48H', 48 * HOUR],
    ['P2D', 48 * HOUR],
    ['P5D', 120 * HOUR],
    ['P1W', 168 * HOUR],
    ['P1DT12H', 36 * HOUR],
    ['PT90M', 1.5 * HOUR],
    ['PT30S', 30_000],
  ])('reads %s', (text, milliseconds) => {
    expect(parseIsoDuration(text)).toEqual({ ok: true, milliseconds });
  });

  it.each(['', 'P', 'PT', '48H', 'PT48', 'P2', 'P1.5D', 'PT-1H', 'P2DT', 'pt48h', ' PT48H'])('refuses %j', (text) => {
    expect(parseIsoDuration(text)).toEqual({ ok: false, problem: `"${text}" is not an ISO-8601 duration (e.g. PT48H, P2D, P1DT12H)` });
  });

  it.each(['P1Y', 'P1M', 'P1Y2M3D'])('refuses calendar units in %s', (text) => {
    expect(parseIsoDuration(text)).toEqual({ ok: false, problem: `"${text}" uses years or months; use days or hours (e.g. P30D)` });
  });

  it('refuses a zero duration', () => {
    expect(parseIsoDuration('PT0H')).toEqual({ ok: false, problem: '"PT0H" is zero; a deadline must be in the future' });
  });
});

describe('addIsoDuration', () => {
  it('adds a fixed length of time, ignoring the calendar', () => {
    expect(addIsoDuration(new Date('2026-03-31T10:00:00.000Z'), 'P1DT2H').toISOString()).toBe('2026-04-01T12:00:00.000Z');
  });

  it('throws on a duration that validation should have refused', () => {
    expect(() => addIsoDuration(new Date(), 'P1M')).toThrow(RangeError);
  });
});
