import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import type { components } from '../../api/schema';
import { paths } from '../../app/routes';
import { hasRole, useUser } from '../../auth/session';
import { formatCalendarDate, formatDateTime } from '../../format/dates';
import './incoming.css';

type IncomingList = components['schemas']['IncomingListDto'];

const LIMIT = 20;

/** Surat masuk the caller may see or has to handle, newest received first. */
export default function IncomingPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('halaman')) || 1);
  const mine = params.get('tindakan') === '1';
  const [list, setList] = useState<IncomingList | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.title = `${t('incoming.title')} · ${t('app.name')}`;
  }, [t]);

  useEffect(() => {
    let live = true;
    setError(null);
    unwrap(api.GET('/api/v1/incoming-letters', { params: { query: { page, limit: LIMIT, ...(mine ? { needsAction: true } : {}) } } }))
      .then((l) => live && setList(l))
      .catch((err) => live && setError(errorMessage(t, err)));
    return () => {
      live = false;
    };
  }, [page, mine, t]);

  const registrar = hasRole(user, 'registrar');
  const readsAgenda = registrar || hasRole(user, 'official') || hasRole(user, 'archivist');
  const pages = list ? Math.max(1, Math.ceil(list.total / LIMIT)) : 1;
  const go = (next: { halaman?: number; tindakan?: boolean }) => {
    const q = new URLSearchParams();
    const tindakan = next.tindakan ?? mine;
    if (tindakan) q.set('tindakan', '1');
    if ((next.halaman ?? 1) > 1) q.set('halaman', String(next.halaman));
    setParams(q);
  };

  return (
    <section>
      <div className="incoming-head">
        <h1>{t('incoming.title')}</h1>
        <div className="actions">
          {registrar && (
            <Link className="button primary" to={paths.registerIncoming}>
              {t('incoming.register')}
            </Link>
          )}
          {readsAgenda && (
            <Link className="button secondary" to={paths.agenda}>
              {t('incoming.agendaLink')}
            </Link>
          )}
        </div>
      </div>
      <label className="check incoming-filter">
        <input type="checkbox" checked={mine} onChange={(e) => go({ tindakan: e.target.checked })} />
        <span>{t('incoming.needsAction')}</span>
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!list && !error && (
        <p className="loading" role="status">
          {t('app.loading')}
        </p>
      )}
      {list && list.items.length === 0 && <p>{t('incoming.empty')}</p>}
      {list && list.items.length > 0 && (
        <>
          <p className="visually-hidden" role="status">
            {t('incoming.count', { count: list.total })}
          </p>
          <ul className="incoming-list">
            {list.items.map((item) => (
              <li key={item.id} className={item.needsAction ? 'card incoming-item needs-action' : 'card incoming-item'}>
                <div className="badges">
                  <span className="badge">{t('incoming.agendaNumber', { number: item.agendaNumber })}</span>
                  <span className="badge">{item.stateLabel}</span>
                  {item.sifat !== 'biasa' && <span className={item.sifat === 'rahasia' || item.sifat === 'sangat_rahasia' ? 'badge secret' : 'badge'}>{t(`labels.sifat.${item.sifat}`)}</span>}
                  {item.urgency !== 'biasa' && <span className="badge urgent">{t(`labels.urgency.${item.urgency}`)}</span>}
                  {item.needsAction && <span className="badge">{t('incoming.actionBadge')}</span>}
                  {item.overdue && <span className="badge urgent">{t('incoming.overdue')}</span>}
                  {item.possibleDuplicate && <span className="badge urgent">{t('incoming.duplicate')}</span>}
                </div>
                <h2>
                  <Link to={paths.letter(item.id)}>{item.subject}</Link>
                </h2>
                <p>{t('incoming.from', { sender: item.senderName, number: item.senderNumber, date: formatCalendarDate(item.senderDate) })}</p>
                <p>
                  {t('incoming.received', { date: formatDateTime(item.receivedAt) })}
                  {item.addressee ? ` · ${t('incoming.to', { to: item.addressee })}` : ''}
                </p>
              </li>
            ))}
          </ul>
          {pages > 1 && (
            <nav className="incoming-pager" aria-label={t('incoming.title')}>
              <button type="button" className="button secondary" disabled={page <= 1} onClick={() => go({ halaman: page - 1 })}>
                {t('app.previous')}
              </button>
              <span>{t('app.page', { page, pages })}</span>
              <button type="button" className="button secondary" disabled={page >= pages} onClick={() => go({ halaman: page + 1 })}>
                {t('app.next')}
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}
