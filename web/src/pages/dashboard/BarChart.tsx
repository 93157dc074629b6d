/** One bar: a label, its segments (stacked, in series order) and the words shown at its end. */
export interface Bar {
  key: string;
  label: string;
  segments: { series: string; value: number }[];
  valueText: string;
}

export interface Series {
  key: string;
  label: string;
}

interface Props {
  /** What the chart shows, read out as its name; the table below it carries the numbers. */
  label: string;
  bars: Bar[];
  /** Needed for a stacked chart's legend; one series draws no legend. */
  series: Series[];
  /** The value the longest bar stands for; defaults to the largest total. */
  max?: number;
}

/**
 * A horizontal bar chart drawn by hand: the labels and numbers are HTML, so they stay readable on
 * a phone, and each bar is a small SVG. For screen readers it is one image with a name; the
 * numbers are in the table that follows it.
 */
export function BarChart({ label, bars, series, max }: Props) {
  const total = (b: Bar) => b.segments.reduce((n, s) => n + s.value, 0);
  const top = max ?? Math.max(1, ...bars.map(total));
  const colour = (key: string) => `series-${Math.max(0, series.findIndex((s) => s.key === key)) % 7}`;
  return (
    <figure className="bar-chart" role="img" aria-label={label}>
      {series.length > 1 && (
        <ul className="bar-legend">
          {series.map((s) => (
            <li key={s.key}>
              <svg width="14" height="14" viewBox="0 0 14 14" className={colour(s.key)}>
                <rect width="14" height="14" rx="2" />
              </svg>
              {s.label}
            </li>
          ))}
        </ul>
      )}
      <ol className="bars">
        {bars.map((b) => {
          let x = 0;
          return (
            <li key={b.key}>
              <span className="bar-label">{b.label}</span>
              <svg className="bar" viewBox="0 0 100 10" preserveAspectRatio="none">
                <rect className="bar-track" width="100" height="10" />
                {b.segments.map((s) => {
                  const width = (s.value / top) * 100;
                  const rect = <rect key={s.series} className={colour(s.series)} x={x} width={width} height="10" />;
                  x += width;
                  return s.value > 0 ? rect : null;
                })}
              </svg>
              <span className="bar-value">{b.valueText}</span>
            </li>
          );
        })}
      </ol>
    </figure>
  );
}
