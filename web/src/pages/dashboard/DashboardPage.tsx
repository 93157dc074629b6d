import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api, ApiError, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import type { components } from '../../api/schema';
import { formatCalendarDate, formatDateTime } from '../../format/dates';
import { BarChart, type Bar } from './BarChart';
import './dashboard.css';

type Schemas = components['schemas'];
type Figures = {
  scope: Schemas['DashboardScopeDto'];
  letters: Schemas['LettersPerMonthDto'];
  times: Schemas['PhaseTimesDto'];
  overdue: Schemas['OverdueDto'];
  dispositions: Schemas['PendingDispositionsDto'];
};

const wibToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** The first day of the month eleven months before today's: a year of months, as the API defaults. */
function yearAgo(today: string): string {
  const m = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1 - 11;
  return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Dasbor for pimpinan and admins: letters per month by type and unit, time in review and in
 * signing, overdue work per unit and person, dispositions not acted on; each as bars read at a
 * glance, a table with the numbers, and a CSV download. Filters live in the address (dari,
 * sampai, unit) so a view can be shared.
 */
export default function DashboardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const today = wibToday();
  const from = DATE.test(params.get('dari') ?? '') ? params.get('dari')! : yearAgo(today);
  const to = DATE.test(params.get('sampai') ?? '') ? params.get('sampai')! : today;
  const unitId = params.get('unit') || undefined;
  const [draft, setDraft] = useState({ from, to, unitId: unitId ?? '' });
  const [figures, setFigures] = useState<Figures | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.title = `${t('dashboard.title')} · ${t('app.name')}`;
  }, [t]);

  useEffect(() => setDraft({ from, to, unitId: unitId ?? '' }), [from, to, unitId]);

  useEffect(() => {
    let live = true;
    setFigures(null);
    setError(null);
    const query = { from, to, ...(unitId ? { unitId } : {}) };
    Promise.all([
      unwrap(api.GET('/api/v1/dashboard/scope')),
      unwrap(api.GET('/api/v1/dashboard/letters-per-month', { params: { query } })),
      unwrap(api.GET('/api/v1/dashboard/phase-times', { params: { query } })),
      unwrap(api.GET('/api/v1/dashboard/overdue', { params: { query } })),
      unwrap(api.GET('/api/v1/dashboard/pending-dispositions', { params: { query } })),
    ])
      .then(([scope, letters, times, overdue, dispositions]) => live && setFigures({ scope, letters, times, overdue, dispositions }))
      .catch((err) => live && setError(err instanceof ApiError ? t(`dashboard.errors.${err.code}`, { defaultValue: errorMessage(t, err) }) : errorMessage(t, err)));
    return () => {
      live = false;
    };
  }, [from, to, unitId, t]);

  function apply(e: React.FormEvent) {
    e.preventDefault();
    const q = new URLSearchParams({ dari: draft.from, sampai: draft.to });
    if (draft.unitId) q.set('unit', draft.unitId);
    setParams(q);
  }

  const csv = (figure: string) => `/api/v1/dashboard/${figure}?${new URLSearchParams({ from, to, ...(unitId ? { unitId } : {}), format: 'csv' })}`;

  return (
    <section className="dashboard">
      <h1>{t('dashboard.title')}</h1>
      <form className="dashboard-filters" onSubmit={apply} aria-label={t('dashboard.filters')}>
        <div className="field">
          <label htmlFor="dasbor-dari">{t('dashboard.from')}</label>
          <input id="dasbor-dari" type="date" value={draft.from} max={draft.to} required onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="dasbor-sampai">{t('dashboard.to')}</label>
          <input id="dasbor-sampai" type="date" value={draft.to} min={draft.from} required onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="dasbor-unit">{t('dashboard.unit')}</label>
          <select id="dasbor-unit" value={draft.unitId} onChange={(e) => setDraft({ ...draft, unitId: e.target.value })}>
            <option value="">{t('dashboard.allUnits')}</option>
            {figures?.scope.units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button primary">
          {t('dashboard.apply')}
        </button>
      </form>
      <p className="dashboard-note">{t('dashboard.period', { from: formatCalendarDate(from), to: formatCalendarDate(to) })} · {t('dashboard.confidentialNote')}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!figures && !error && (
        <p className="loading" role="status">
          {t('app.loading')}
        </p>
      )}
      {figures && (
        <>
          <LettersFigure figure={figures.letters} csv={csv('letters-per-month')} />
          <TimesFigure figure={figures.times} csv={csv('phase-times')} />
          <OverdueFigure figure={figures.overdue} csv={csv('overdue')} />
          <DispositionsFigure figure={figures.dispositions} csv={csv('pending-dispositions')} />
        </>
      )}
    </section>
  );
}

/** A figure's card: its heading, the CSV link, the chart and the table under "Lihat tabel". */
function Figure({ id, title, csv, children, table }: { id: string; title: string; csv: string; children: ReactNode; table: ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="card dashboard-figure" aria-labelledby={id}>
      <div className="dashboard-figure-head">
        <h2 id={id}>{title}</h2>
        <a className="button secondary" href={csv} download aria-label={t('dashboard.csvOf', { figure: title })}>
          {t('dashboard.csv')}
        </a>
      </div>
      {children}
      <details>
        <summary>{t('dashboard.showTable')}</summary>
        <div className="dashboard-table" role="region" aria-label={t('dashboard.tableOf', { figure: title })} tabIndex={0}>
          {table}
        </div>
      </details>
    </section>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="dashboard-note">{children}</p>;
}

const monthLabel = (month: string) => new Intl.DateTimeFormat('id-ID', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-15T00:00:00Z`));

function LettersFigure({ figure, csv }: { figure: Schemas['LettersPerMonthDto']; csv: string }) {
  const { t } = useTranslation();
  const types = useMemo(() => [...new Map(figure.rows.map((r) => [r.type, r.typeLabel])).entries()].map(([key, label]) => ({ key, label })), [figure]);
  const cell = (month: string, type: string) => figure.rows.filter((r) => r.month === month && r.type === type).reduce((n, r) => n + r.count, 0);
  const bars: Bar[] = figure.months.map((month) => {
    const segments = types.map((s) => ({ series: s.key, value: cell(month, s.key) }));
    return { key: month, label: monthLabel(month), segments, valueText: String(segments.reduce((n, s) => n + s.value, 0)) };
  });
  const units = [...new Map(figure.rows.map((r) => [r.unitId, r.unitName])).entries()].map(([id, name]) => ({ id, name, count: figure.rows.filter((r) => r.unitId === id).reduce((n, r) => n + r.count, 0) }));
  const total = figure.rows.reduce((n, r) => n + r.count, 0);
  const title = t('dashboard.letters.title');
  return (
    <Figure
      id="dasbor-surat"
      title={title}
      csv={csv}
      table={
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.cols.month')}</th>
              {types.map((s) => (
                <th scope="col" key={s.key} className="number">
                  {s.label}
                </th>
              ))}
              <th scope="col" className="number">
                {t('dashboard.cols.total')}
              </th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.key}>
                <th scope="row">{b.label}</th>
                {b.segments.map((s) => (
                  <td key={s.series} className="number">
                    {s.value}
                  </td>
                ))}
                <td className="number">{b.valueText}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <p className="dashboard-total">
        {total}
        <span>{t('dashboard.letters.total')}</span>
      </p>
      {total === 0 ? <Empty>{t('dashboard.letters.empty')}</Empty> : <BarChart label={t('dashboard.letters.chart', { total })} bars={bars} series={types} />}
      {units.length > 1 && (
        <>
          <h3>{t('dashboard.letters.byUnit')}</h3>
          <BarChart
            label={t('dashboard.letters.byUnitChart')}
            series={[{ key: 'count', label: title }]}
            bars={units.map((u) => ({ key: u.id, label: u.name, segments: [{ series: 'count', value: u.count }], valueText: String(u.count) }))}
          />
        </>
      )}
    </Figure>
  );
}

function TimesFigure({ figure, csv }: { figure: Schemas['PhaseTimesDto']; csv: string }) {
  const { t } = useTranslation();
  const duration = useDuration();
  const title = t('dashboard.times.title');
  const phases = ['review', 'signing'] as const;
  const perUnit = figure.rows.filter((r) => r.unitId !== null);
  const overall = figure.rows.filter((r) => r.unitId === null);
  const max = Math.max(1, ...figure.rows.map((r) => r.medianSeconds));
  return (
    <Figure
      id="dasbor-waktu"
      title={title}
      csv={csv}
      table={
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.cols.unit')}</th>
              <th scope="col">{t('dashboard.cols.phase')}</th>
              <th scope="col" className="number">{t('dashboard.cols.stays')}</th>
              <th scope="col" className="number">{t('dashboard.cols.median')}</th>
              <th scope="col" className="number">{t('dashboard.cols.p90')}</th>
            </tr>
          </thead>
          <tbody>
            {[...overall, ...perUnit].map((r) => (
              <tr key={`${r.unitId}-${r.phase}`}>
                <th scope="row">{r.unitName ?? t('dashboard.allUnits')}</th>
                <td>{t(`dashboard.times.${r.phase}`)}</td>
                <td className="number">{r.count}</td>
                <td className="number">{duration(r.medianSeconds)}</td>
                <td className="number">{duration(r.p90Seconds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {figure.rows.length === 0 ? (
        <Empty>{t('dashboard.times.empty')}</Empty>
      ) : (
        phases.map((phase) => {
          const all = overall.find((r) => r.phase === phase);
          const rows = perUnit.filter((r) => r.phase === phase);
          if (!all) return null;
          return (
            <div key={phase}>
              <h3>{t(`dashboard.times.${phase}`)}</h3>
              <p className="dashboard-total">
                {duration(all.medianSeconds)}
                <span>{t('dashboard.times.summary', { p90: duration(all.p90Seconds), count: all.count })}</span>
              </p>
              <BarChart
                label={t('dashboard.times.chart', { phase: t(`dashboard.times.${phase}`) })}
                series={[{ key: phase, label: t(`dashboard.times.${phase}`) }]}
                max={max}
                bars={rows.map((r) => ({ key: `${r.unitId}`, label: r.unitName ?? '', segments: [{ series: phase, value: r.medianSeconds }], valueText: duration(r.medianSeconds) }))}
              />
            </div>
          );
        })
      )}
    </Figure>
  );
}

function OverdueFigure({ figure, csv }: { figure: Schemas['OverdueDto']; csv: string }) {
  const { t } = useTranslation();
  const title = t('dashboard.overdue.title');
  return (
    <Figure
      id="dasbor-terlambat"
      title={title}
      csv={csv}
      table={
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.cols.person')}</th>
              <th scope="col">{t('dashboard.cols.position')}</th>
              <th scope="col">{t('dashboard.cols.unit')}</th>
              <th scope="col" className="number">{t('dashboard.cols.overdue')}</th>
              <th scope="col">{t('dashboard.cols.oldestDue')}</th>
            </tr>
          </thead>
          <tbody>
            {figure.byPerson.map((r) => (
              <tr key={r.positionId}>
                <th scope="row">{r.personName ?? t('dashboard.vacant')}</th>
                <td>{r.positionName}</td>
                <td>{r.unitName}</td>
                <td className="number">{r.count}</td>
                <td>{r.oldestDueAt ? formatDateTime(r.oldestDueAt) : '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <p className="dashboard-total">
        {figure.total}
        <span>{t('dashboard.overdue.total')}</span>
      </p>
      {figure.total === 0 ? (
        <Empty>{t('dashboard.overdue.empty')}</Empty>
      ) : (
        <>
          <h3>{t('dashboard.overdue.byUnit')}</h3>
          <BarChart
            label={t('dashboard.overdue.byUnitChart')}
            series={[{ key: 'late', label: title }]}
            bars={figure.byUnit.map((u) => ({ key: u.unitId, label: u.unitName, segments: [{ series: 'late', value: u.count }], valueText: String(u.count) }))}
          />
          <h3>{t('dashboard.overdue.byPerson')}</h3>
          <BarChart
            label={t('dashboard.overdue.byPersonChart')}
            series={[{ key: 'late', label: title }]}
            bars={figure.byPerson.map((r) => ({ key: r.positionId, label: r.personName ?? r.positionName, segments: [{ series: 'late', value: r.count }], valueText: String(r.count) }))}
          />
        </>
      )}
    </Figure>
  );
}

function DispositionsFigure({ figure, csv }: { figure: Schemas['PendingDispositionsDto']; csv: string }) {
  const { t } = useTranslation();
  const title = t('dashboard.dispositions.title');
  const series = [
    { key: 'unread', label: t('dashboard.dispositions.unread') },
    { key: 'read', label: t('dashboard.dispositions.read') },
  ];
  return (
    <Figure
      id="dasbor-disposisi"
      title={title}
      csv={csv}
      table={
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.cols.person')}</th>
              <th scope="col">{t('dashboard.cols.position')}</th>
              <th scope="col">{t('dashboard.cols.unit')}</th>
              <th scope="col" className="number">{t('dashboard.cols.pending')}</th>
              <th scope="col" className="number">{t('dashboard.cols.unread')}</th>
              <th scope="col" className="number">{t('dashboard.cols.overdue')}</th>
              <th scope="col">{t('dashboard.cols.oldestSent')}</th>
            </tr>
          </thead>
          <tbody>
            {figure.rows.map((r) => (
              <tr key={r.positionId}>
                <th scope="row">{r.personName ?? t('dashboard.vacant')}</th>
                <td>{r.positionName}</td>
                <td>{r.unitName}</td>
                <td className="number">{r.count}</td>
                <td className="number">{r.unread}</td>
                <td className="number">{r.overdue}</td>
                <td>{formatDateTime(r.oldestSentAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <p className="dashboard-total">
        {figure.total}
        <span>{t('dashboard.dispositions.total')}</span>
      </p>
      {figure.total === 0 ? (
        <Empty>{t('dashboard.dispositions.empty')}</Empty>
      ) : (
        <BarChart
          label={t('dashboard.dispositions.chart')}
          series={series}
          bars={figure.rows.map((r) => ({
            key: r.positionId,
            label: r.personName ?? r.positionName,
            segments: [
              { series: 'unread', value: r.unread },
              { series: 'read', value: r.count - r.unread },
            ],
            valueText: String(r.count),
          }))}
        />
      )}
    </Figure>
  );
}

/** Seconds in words a reader takes in at once: "45 dtk", "12 mnt", "3 j 20 mnt", "2 hr 4 j". */
function useDuration(): (seconds: number) => string {
  const { t } = useTranslation();
  return (seconds: number) => {
    const s = Math.max(0, Math.round(seconds));
    if (s < 60) return t('dashboard.duration.seconds', { n: s });
    if (s < 3600) return t('dashboard.duration.minutes', { n: Math.round(s / 60) });
    if (s < 86_400) return t('dashboard.duration.hoursMinutes', { h: Math.floor(s / 3600), m: Math.round((s % 3600) / 60) });
    return t('dashboard.duration.daysHours', { d: Math.floor(s / 86_400), h: Math.round((s % 86_400) / 3600) });
  };
}
