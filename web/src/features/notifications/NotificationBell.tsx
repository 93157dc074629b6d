import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { paths } from '../../app/routes';
import { formatDateTime } from '../../format/dates';
import { announceDeskChanged, DESK_CHANGED, markOpened } from './read';
import './notifications.css';

type Notice = components['schemas']['NotificationDto'];

const STREAM = '/api/v1/notifications/stream';
/** Without Server-Sent Events (or when the stream keeps failing) the count is polled this often. */
const POLL_MS = 20_000;

/**
 * The unread count, live: Server-Sent Events from the server, with short polling when the
 * browser or a proxy does not keep the stream. Every change is announced on the page too.
 */
function useUnreadCount(): [number | null, (n: number) => void] {
  const [unread, setUnread] = useState<number | null>(null);
  useEffect(() => {
    let poll: ReturnType<typeof setInterval> | undefined;
    let stream: EventSource | undefined;
    const refresh = () =>
      unwrap(api.GET('/api/v1/notifications/unread-count'))
        .then((r) => setUnread(r.unread))
        .catch(() => undefined);
    const startPolling = () => {
      if (poll) return;
      void refresh();
      poll = setInterval(refresh, POLL_MS);
    };
    if (typeof EventSource === 'function') {
      stream = new EventSource(STREAM);
      stream.onmessage = (e) => {
        const data = JSON.parse(e.data) as { unread: number };
        setUnread(data.unread);
      };
      // The browser reconnects by itself; once it gives up (CLOSED), polling takes over.
      stream.onerror = () => {
        if (stream?.readyState === EventSource.CLOSED) startPolling();
      };
    } else {
      startPolling();
    }
    window.addEventListener(DESK_CHANGED, refresh);
    return () => {
      stream?.close();
      clearInterval(poll);
      window.removeEventListener(DESK_CHANGED, refresh);
    };
  }, []);
  return [unread, setUnread];
}

/** The bell in the top bar: the unread count, and the newest notices, each opening its letter. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [unread, setUnread] = useUnreadCount();
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<Notice[] | null>(null);
  const [failed, setFailed] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const previous = useRef<number | null>(null);

  // A new count elsewhere (a letter arrived) tells the Beranda to re-read its counters.
  useEffect(() => {
    if (previous.current !== null && unread !== null && unread !== previous.current) announceDeskChanged();
    previous.current = unread;
  }, [unread]);

  const load = useCallback(async () => {
    try {
      const list = await unwrap(api.GET('/api/v1/notifications', { params: { query: { limit: 10 } } }));
      setItems(list.items);
      setUnread(list.unread);
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, [setUnread]);

  useEffect(() => {
    if (open) void load();
  }, [open, load, unread]);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (!panel.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  async function onOpenNotice(notice: Notice) {
    setOpen(false);
    if (!notice.read) {
      await unwrap(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id: notice.id } } }))
        .then((r) => setUnread(r.unread))
        .catch(() => undefined);
    }
    if (notice.letterId) void markOpened(notice.letterId);
  }

  async function onMarkAll() {
    await unwrap(api.POST('/api/v1/notifications/read'))
      .then(() => setUnread(0))
      .catch(() => undefined);
    void load();
  }

  const count = unread ?? 0;
  const label = count > 0 ? t('notifications.bell', { count }) : t('notifications.bellNone');
  return (
    <div className="bell">
      <button ref={button} type="button" className="icon-button bell-button" aria-label={label} aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
        <svg className="bell-icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
          <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
        </svg>
        {count > 0 && (
          <span className="bell-count" aria-hidden="true" data-testid="bell-count">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      <span className="visually-hidden" role="status">
        {unread === null ? '' : label}
      </span>
      {open && (
        <div ref={panel} id={panelId} className="bell-panel card" role="region" aria-label={t('notifications.title')}>
          <div className="bell-head">
            <h2>{t('notifications.title')}</h2>
            <button type="button" className="button secondary" onClick={() => setOpen(false)} aria-label={t('notifications.close')}>
              ✕
            </button>
          </div>
          {failed && <p className="error">{t('notifications.failed')}</p>}
          {items === null && !failed && <p className="loading">{t('app.loading')}</p>}
          {items && items.length === 0 && <p>{t('notifications.empty')}</p>}
          {items && items.length > 0 && (
            <ul className="bell-list">
              {items.map((n) => (
                <li key={n.id} className={n.read ? 'bell-item' : 'bell-item unread'}>
                  {n.letterId ? (
                    <Link to={paths.letter(n.letterId)} onClick={() => void onOpenNotice(n)}>
                      <NoticeText notice={n} />
                    </Link>
                  ) : (
                    <div className="bell-text">
                      <NoticeText notice={n} />
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
          {count > 0 && (
            <button type="button" className="button secondary bell-all" onClick={() => void onMarkAll()}>
              {t('notifications.markAll')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function NoticeText({ notice }: { notice: Notice }) {
  const { t } = useTranslation();
  return (
    <>
      {!notice.read && <span className="bell-unread">{t('notifications.unread')}</span>}
      <span className="bell-message">{notice.message}</span>
      <span className="bell-date">{formatDateTime(notice.createdAt)}</span>
    </>
  );
}
