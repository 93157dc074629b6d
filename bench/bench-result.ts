/** One line of bench/results.json. Fields that do not apply are left out. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The same work done the plainest way, measured in the same run. */
  baseline?: { name: string; value: number };
  /** value / baseline.value. */
  ratio?: number;
  p50_ms?: number;
  p99_ms?: number;
  /** Anything else worth printing (peak memory, sample count...). */
  extra?: Record<string, number | string>;
}

export const percentile = (sorted: number[], p: number): number => {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
};

export const round = (n: number, digits = 2): number => Number(n.toFixed(digits));
