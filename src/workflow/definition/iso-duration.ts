/**
 * ISO-8601 durations for deadlines: weeks, days, hours, minutes, seconds (P2D, PT48H, P1DT12H).
 * Years and months are refused because their length depends on the calendar date,
 * and a response deadline (1×24 jam) is a fixed length of time.
 */
const DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const CALENDAR_UNITS = /^P[^T]*[YM]/;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

export type DurationParse = { ok: true; milliseconds: number } | { ok: false; problem: string };

export function parseIsoDuration(text: string): DurationParse {
  if (CALENDAR_UNITS.test(text)) {
    return { ok: false, problem: `"${text}" uses years or months; use days or hours (e.g. P30D)` };
  }
  const match = DURATION.exec(text);
  if (!match || text === 'P') {
    return { ok: false, problem: `"${text}" is not an ISO-8601 duration (e.g. PT48H, P2D, P1DT12H)` };
  }
  const [weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  const milliseconds = weeks * WEEK + days * DAY + hours * HOUR + minutes * MINUTE + seconds * SECOND;
  if (milliseconds === 0) {
    return { ok: false, problem: `"${text}" is zero; a deadline must be in the future` };
  }
  return { ok: true, milliseconds };
}

/** `start` plus a duration already validated at load time. */
export function addIsoDuration(start: Date, duration: string): Date {
  const parsed = parseIsoDuration(duration);
  if (!parsed.ok) {
    throw new RangeError(parsed.problem);
  }
  return new Date(start.getTime() + parsed.milliseconds);
}
