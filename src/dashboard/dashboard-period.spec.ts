import { firstOfMonthBefore, monthsOf } from './dashboard.service';

describe('dashboard periods', () => {
  it('starts the default period on the first of the month eleven months back, across a new year', () => {
    expect(firstOfMonthBefore('2026-12-04', 11)).toBe('2026-01-01');
    expect(firstOfMonthBefore('2026-03-31', 11)).toBe('2025-04-01');
    expect(firstOfMonthBefore('2026-01-15', 0)).toBe('2026-01-01');
  });

  it('lists every month of a period, both ends included', () => {
    expect(monthsOf('2025-11-30', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsOf('2026-05-01', '2026-05-31')).toEqual(['2026-05']);
    expect(monthsOf('2026-05-01', '2026-04-30')).toEqual([]);
  });

  it('stops one month past ten years, so a period that long is refused, not listed', () => {
    expect(monthsOf('2000-01-01', '2099-12-31')).toHaveLength(121);
  });
});
