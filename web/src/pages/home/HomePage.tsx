import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import type { components } from '../../api/schema';
import { paths } from '../../app/routes';
import { useUser } from '../../auth/session';
import { DESK_CHANGED } from '../../features/notifications/read';
import './home.css';

type Summary = components['schemas']['InboxSummaryDto'];
type Counter = keyof Summary;

/** The counters as SRIKANDI users know them, grouped by what they are about. */
const GROUPS: { key: string; counters: Counter[] }[] = [
  { key: 'outgoing', counters: ['to_review', 'to_sign', 'to_send', 'returned'] },
  { key: 'incoming', counters: ['incoming_unread', 'incoming_open', 'tembusan_unread'] },
  { key: 'dispositions', counters: ['disposition_unread', 'disposition_open'] },
  { key: 'deadlines', counters: ['overdue'] },
];

/** The inbox list behind a counter: the same view the server counted. */
export function counterPath(counter: Counter): string {
  return `${paths.inbox}?jenis=${counter}`;
}

export default function HomePage() {
  const { t } = useTranslation();
  const user = useUser();
  const [summary, setSummary] = useState<Summary | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setSummary(await unwrap(api.GET('/api/v1/inbox/summary')));
      setError(null);
    } catch (err) {
      setError(errorMessage(t, err));
    }
  }, [t]);

  useEffect(() => {
    document.title = `${t('home.title')} · ${t('app.name')}`;
  }, [t]);

  // Re-read when the desk changes (the bell heard of a new item, a letter was opened).
  useEffect(() => {
    void load();
    window.addEventListener(DESK_CHANGED, load);
    return () => window.removeEventListener(DESK_CHANGED, load);
  }, [load]);

  return (
    <section className="home">
      <h1>{t('home.title')}</h1>
      <p className="home-greeting">{t('home.greeting', { name: user.name })}</p>
      <p className="home-intro">{t('home.intro')}</p>
      {error && (
        <div className="error" role="alert">
          <p>{error}</p>
          <button type="button" className="button secondary" onClick={() => void load()}>
            {t('app.retry')}
          </button>
        </div>
      )}
      {!summary && !error && <p className="loading">{t('app.loading')}</p>}
      {summary &&
        GROUPS.map((group) => (
          <section key={group.key} className="home-group" aria-labelledby={`home-${group.key}`}>
            <h2 id={`home-${group.key}`}>{t(`home.groups.${group.key}`)}</h2>
            <ul className="counters">
              {group.counters.map((counter) => {
                const count = summary[counter];
                const label = t(`home.counters.${counter}`);
                const alarm = counter === 'overdue' && count > 0;
                return (
                  <li key={counter}>
                    <Link to={counterPath(counter)} className={`counter${count === 0 ? ' zero' : ''}${alarm ? ' alarm' : ''}`} data-counter={counter}>
                      <span className="counter-number">{count}</span>
                      <span className="counter-label">
                        {label}
                        {alarm && <span className="counter-note">{t('home.overdueNote')}</span>}
                      </span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
    </section>
  );
}
