import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { paths } from '../../app/routes';
import { hasRole, useUser } from '../../auth/session';
import { formatCalendarDate, formatDateTime } from '../../format/dates';
import { ArchiveHeader } from './ArchiveNav';
import { BerkasFacts } from './BerkasFacts';
import { archiveError } from './words';

type BerkasDetail = components['schemas']['BerkasDetailDto'];

/** One berkas: its letters (taken out while open), closing it, the move to inactive, and its legal hold. */
export default function BerkasDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const archivist = hasRole(user, 'archivist');
  const [berkas, setBerkas] = useState<BerkasDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');

  const load = useCallback(async () => {
    try {
      setBerkas(await unwrap(api.GET('/api/v1/archive/berkas/{id}', { params: { path: { id } } })));
    } catch (err) {
      setError(archiveError(t, err));
    }
  }, [id, t]);

  useEffect(() => {
    void load();
  }, [load]);

  /** Runs one move, then shows the berkas as the API answered, or why it refused. */
  async function act(call: () => Promise<BerkasDetail>, done: string) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setBerkas(await call());
      setNotice(done);
      setReason('');
    } catch (err) {
      setError(archiveError(t, err));
    } finally {
      setBusy(false);
    }
  }

  const path = { params: { path: { id } } };
  const close = () => act(() => unwrap(api.POST('/api/v1/archive/berkas/{id}/close', { ...path, body: {} })), t('archive.detail.closed'));
  const inactive = () => act(() => unwrap(api.POST('/api/v1/archive/berkas/{id}/inactive', { ...path, body: {} })), t('archive.detail.movedInactive'));
  const remove = (letterId: string) =>
    act(() => unwrap(api.DELETE('/api/v1/archive/berkas/{id}/items/{letterId}', { params: { path: { id, letterId } } })), t('archive.detail.removed'));
  function onHold(e: FormEvent) {
    e.preventDefault();
    if (!berkas) return;
    if (berkas.legalHold) void act(() => unwrap(api.POST('/api/v1/archive/berkas/{id}/legal-hold/lift', { ...path, body: { reason: reason.trim() } })), t('archive.hold.lifted'));
    else void act(() => unwrap(api.POST('/api/v1/archive/berkas/{id}/legal-hold', { ...path, body: { reason: reason.trim() } })), t('archive.hold.placed'));
  }

  const title = berkas ? t('archive.berkasName', { number: berkas.number, title: berkas.title }) : t('archive.detail.title');
  return (
    <section className="archive">
      <ArchiveHeader title={title} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {!berkas && !error && <p role="status">{t('app.loading')}</p>}
      {berkas && (
        <>
          <div className={berkas.legalHold ? 'card hold' : 'card'}>
            <BerkasFacts berkas={berkas} />
          </div>
          <div className="archive-actions">
            {berkas.status === 'terbuka' && (
              <button type="button" className="button primary" disabled={busy} onClick={close}>
                {t('archive.detail.close')}
              </button>
            )}
            {archivist && berkas.status === 'ditutup' && (
              <button type="button" className="button secondary" disabled={busy} onClick={inactive}>
                {t('archive.detail.inactive')}
              </button>
            )}
          </div>

          <h2>{t('archive.detail.letters', { count: berkas.items.length })}</h2>
          {berkas.items.length === 0 ? (
            <p className="card">{t('archive.detail.noLetters')}</p>
          ) : (
            <ul className="archive-list">
              {berkas.items.map((item) => (
                <li key={item.letterId} className="card archive-item">
                  <Link className="archive-title" to={paths.letter(item.letterId)}>
                    {item.subject}
                  </Link>
                  <dl className="archive-facts">
                    <div>
                      <dt>{t('search.number')}</dt>
                      <dd>{item.number ?? item.agendaNumber ?? t('search.noNumber')}</dd>
                    </div>
                    <div>
                      <dt>{t('search.date')}</dt>
                      <dd>{formatCalendarDate(item.date)}</dd>
                    </div>
                    <div>
                      <dt>{t('search.sifat')}</dt>
                      <dd>{t(`labels.sifat.${item.sifat}`)}</dd>
                    </div>
                  </dl>
                  {berkas.status === 'terbuka' && (
                    <div>
                      <button type="button" className="button secondary" disabled={busy} onClick={() => remove(item.letterId)} aria-label={t('archive.detail.removeNamed', { subject: item.subject })}>
                        {t('archive.detail.remove')}
                      </button>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}

          {archivist && (
            <>
              <h2>{t('archive.hold.title')}</h2>
              <form className="card" onSubmit={onHold}>
                <p>{berkas.legalHold ? t('archive.hold.active', { reason: berkas.legalHold.reason, name: berkas.legalHold.placedByName }) : t('archive.hold.none')}</p>
                <label className="field">
                  <span>{berkas.legalHold ? t('archive.hold.liftReason') : t('archive.hold.reason')}</span>
                  <textarea value={reason} required minLength={3} maxLength={500} onChange={(e) => setReason(e.target.value)} />
                </label>
                <button type="submit" className={berkas.legalHold ? 'button secondary' : 'button danger'} disabled={busy || reason.trim().length < 3}>
                  {berkas.legalHold ? t('archive.hold.lift') : t('archive.hold.place')}
                </button>
              </form>
              {berkas.legalHolds.length > 0 && (
                <ul className="archive-list">
                  {berkas.legalHolds.map((h) => (
                    <li key={h.id} className="card archive-item">
                      <span>{t('archive.hold.history', { reason: h.reason, name: h.placedByName, at: formatDateTime(h.placedAt) })}</span>
                      {h.liftedAt && <span>{t('archive.hold.historyLifted', { reason: h.liftReason ?? '', name: h.liftedByName ?? '', at: formatDateTime(h.liftedAt) })}</span>}
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
