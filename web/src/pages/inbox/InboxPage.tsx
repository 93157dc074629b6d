import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import type { components } from '../../api/schema';
import { paths } from '../../app/routes';
import { DESK_CHANGED, markOpened } from '../../features/notifications/read';
import { formatDateTime } from '../../format/dates';
import './inbox.css';

type InboxPage = components['schemas']['InboxPageDto'];
type Item = components['schemas']['InboxItemDto'];
type Kind = Item['kind'];
type View = keyof components['schemas']['InboxSummaryDto'];

const KINDS: Kind[] = ['review', 'approve', 'sign', 'send', 'revise', 'dispose', 'follow_up', 'read'];
const VIEWS: View[] = ['to_review', 'to_sign', 'to_send', 'returned', 'incoming_unread', 'incoming_open', 'disposition_unread', 'disposition_open', 'overdue', 'tembusan_unread'];
const LIMIT = 20;
const URGENT = new Set(['segera', 'sangat_segera', 'kilat']);
const SECRET = new Set(['rahasia', 'sangat_rahasia']);

/** `?jenis=` holds a kind of work (review, sign...) or one of the Beranda's counters (to_review, overdue...). */
function filterOf(jenis: string | null): { kind?: Kind; view?: View } {
  if (jenis && (KINDS as string[]).includes(jenis)) return { kind: jenis as Kind };
  if (jenis && (VIEWS as string[]).includes(jenis)) return { view: jenis as View };
  return {};
}

export default function InboxPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const jenis = params.get('jenis');
  const page = Math.max(1, Number.parseInt(params.get('halaman') ?? '1', 10) || 1);
  const { kind, view } = filterOf(jenis);
  const [data, setData] = useState<InboxPage | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await unwrap(api.GET('/api/v1/inbox', { params: { query: { kind, view, page, limit: LIMIT } } })));
      setError(null);
    } catch (err) {
      setError(errorMessage(t, err));
    }
  }, [kind, view, page, t]);

  useEffect(() => {
    document.title = `${t('inbox.title')} · ${t('app.name')}`;
  }, [t]);

  useEffect(() => {
    void load();
    window.addEventListener(DESK_CHANGED, load);
    return () => window.removeEventListener(DESK_CHANGED, load);
  }, [load]);

  const pages = data ? Math.max(1, Math.ceil(data.total / LIMIT)) : 1;
  const link = (next: { jenis?: string | null; halaman?: number }) => {
    const q = new URLSearchParams();
    const j = next.jenis === undefined ? jenis : next.jenis;
    if (j) q.set('jenis', j);
    if (next.halaman && next.halaman > 1) q.set('halaman', String(next.halaman));
    const s = q.toString();
    return s ? `${paths.inbox}?${s}` : paths.inbox;
  };
  const allCount = data ? Object.values(data.counts).reduce((sum, n) => sum + n, 0) : 0;

  return (
    <section className="inbox">
      <h1>{t('inbox.title')}</h1>
      <nav aria-label={t('inbox.filterLabel')}>
        <ul className="inbox-filters">
          <li>
            <Link to={link({ jenis: null })} aria-current={!kind && !view ? 'page' : undefined} className="chip">
              {t('inbox.all')} <span className="chip-count">{allCount}</span>
            </Link>
          </li>
          {KINDS.filter((k) => (data?.counts[k] ?? 0) > 0 || k === kind).map((k) => (
            <li key={k}>
              <Link to={link({ jenis: k })} aria-current={k === kind ? 'page' : undefined} className="chip">
                {t(`inbox.kinds.${k}`)} <span className="chip-count">{data?.counts[k] ?? 0}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {view && (
        <p className="notice inbox-view">
          {t('inbox.showing', { label: t(`home.counters.${view}`) })} <Link to={paths.inbox}>{t('inbox.showAll')}</Link>
        </p>
      )}
      {error && (
        <div className="error" role="alert">
          <p>{error}</p>
          <button type="button" className="button secondary" onClick={() => void load()}>
            {t('app.retry')}
          </button>
        </div>
      )}
      {!data && !error && <p className="loading">{t('app.loading')}</p>}
      {data && data.items.length === 0 && <p className="inbox-empty">{t('inbox.empty')}</p>}
      {data && data.items.length > 0 && (
        <ul className="inbox-list">
          {data.items.map((item) => (
            <InboxRow key={`${item.letterId}:${item.kind}:${item.positionId ?? ''}`} item={item} />
          ))}
        </ul>
      )}
      {data && pages > 1 && (
        <nav className="pager" aria-label={t('inbox.pages')}>
          {page > 1 ? (
            <Link className="button secondary" to={link({ halaman: page - 1 })} rel="prev">
              {t('app.previous')}
            </Link>
          ) : (
            <span />
          )}
          <span>{t('app.page', { page, pages })}</span>
          {page < pages ? (
            <Link className="button secondary" to={link({ halaman: page + 1 })} rel="next">
              {t('app.next')}
            </Link>
          ) : (
            <span />
          )}
        </nav>
      )}
    </section>
  );
}

function InboxRow({ item }: { item: Item }) {
  const { t } = useTranslation();
  const position = item.positionName ?? '';
  const acting = item.capacity
    ? t('inbox.asDelegate', { capacity: t(`inbox.capacity.${item.capacity}`), position })
    : null;
  return (
    <li className={item.read ? 'inbox-item' : 'inbox-item unread'}>
      <Link to={paths.letter(item.letterId)} onClick={() => void markOpened(item.letterId)}>
        <span className="inbox-subject">{item.subject}</span>
        <span className="inbox-line">
          <span className="badge">{t(`inbox.kinds.${item.kind}`)}</span>
          {item.role === 'tembusan' && <span className="badge">{t('inbox.tembusan')}</span>}
          {!item.read && <span className="badge unread-marker">{t('inbox.unread')}</span>}
          {item.overdue && <span className="badge urgent">{t('inbox.overdue')}</span>}
        </span>
        <span className="inbox-meta">
          {t(`inbox.types.${item.type}`, { defaultValue: item.type })} · {item.stateLabel}
          {item.number ? ` · ${t('inbox.number', { number: item.number })}` : ''}
        </span>
        <span className="inbox-line">
          <span className={SECRET.has(item.sifat) ? 'badge secret' : 'badge'}>{t('inbox.sifat', { value: t(`labels.sifat.${item.sifat}`) })}</span>
          <span className={URGENT.has(item.urgency) ? 'badge urgent' : 'badge'}>{t('inbox.urgency', { value: t(`labels.urgency.${item.urgency}`) })}</span>
        </span>
        {acting && <span className="inbox-acting">{acting}</span>}
        <span className="inbox-dates">
          <span>{t('inbox.since', { date: formatDateTime(item.since) })}</span>
          {item.dueAt && <span className={item.overdue ? 'inbox-due late' : 'inbox-due'}>{t('inbox.due', { date: formatDateTime(item.dueAt) })}</span>}
        </span>
      </Link>
    </li>
  );
}
