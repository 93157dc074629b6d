import { RetentionTrigger } from '../../classification/jra/jra';
import { addYears, dueDates, RetentionFacts } from './retention-dates';

describe('retention due dates', () => {
  const facts = (over: Partial<RetentionFacts>): RetentionFacts => ({
    retentionTrigger: RetentionTrigger.BerkasClosed,
    activeYears: 2,
    inactiveYears: 3,
    createdOn: '2026-01-10',
    closedOn: null,
    triggerOccurredOn: null,
    ...over,
  });

  it('adds years, 29 February falling on the 28th in a common year', () => {
    expect(addYears('2026-12-03', 2)).toBe('2028-12-03');
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2028-02-29', 4)).toBe('2032-02-29');
    expect(addYears('2026-05-01', 0)).toBe('2026-05-01');
  });

  it('starts the clock at creation, at closing, or at the recorded event of a closed berkas', () => {
    expect(dueDates(facts({ retentionTrigger: RetentionTrigger.Created }))).toEqual({ clockStartedOn: '2026-01-10', activeUntil: '2028-01-10', inactiveUntil: '2031-01-10' });
    expect(dueDates(facts({}))).toEqual({ clockStartedOn: null, activeUntil: null, inactiveUntil: null });
    expect(dueDates(facts({ closedOn: '2026-06-30' }))).toEqual({ clockStartedOn: '2026-06-30', activeUntil: '2028-06-30', inactiveUntil: '2031-06-30' });
    // Diaudit: nothing until the audit's day is recorded, and nothing for a berkas still open.
    expect(dueDates(facts({ retentionTrigger: RetentionTrigger.Audited, closedOn: '2026-06-30' })).activeUntil).toBeNull();
    expect(dueDates(facts({ retentionTrigger: RetentionTrigger.Audited, triggerOccurredOn: '2027-03-01' })).activeUntil).toBeNull();
    expect(dueDates(facts({ retentionTrigger: RetentionTrigger.Audited, closedOn: '2026-06-30', triggerOccurredOn: '2027-03-01' }))).toEqual({
      clockStartedOn: '2027-03-01',
      activeUntil: '2029-03-01',
      inactiveUntil: '2032-03-01',
    });
  });
});
