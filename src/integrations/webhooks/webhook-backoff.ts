/**
 * Delay before retry number `attempt + 1`: base × 2^(attempt−1), capped, with "equal jitter"
 * (half fixed, half random) so that many events failing together do not retry together.
 */
export function webhookRetryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
