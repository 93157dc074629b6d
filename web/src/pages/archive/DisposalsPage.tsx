import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { paths } from '../../app/routes';
import { formatDateTime } from '../../format/dates';
import { ArchiveHeader } from './ArchiveNav';
import { archivePaths } from './paths';
import { archiveError } from './words';

type Disposal = components['schemas']['DisposalListDto'];

/**
 * Usul Musnah: the disposal lists, newest first. Each runs as a letter (submit, the panel's
 * paraf, the signature of the berita acara) on the letter's page; a list a legal hold stopped
 * resumes here once the hold is lifted.
 */
export default function DisposalsPage() {
  const { t } = useTranslation();
  const [lists, setLists] = useState<Disposal[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    unwrap(api.GET('/api/v1/archive/disposals')).then(
      (data) => live && setLists(data),
      (err) => live && setError(archiveError(t, err)),
    );
    return () => {
      live = false;
    };
  }, [t, reload]);

  async function resume(id: string) {
    setError(null);
    try {
      await unwrap(api.POST('/api/v1/archive/disposals/{id}/resume', { params: { path: { id } } }));
      setReload((n) => n + 1);
    } catch (err) {
      setError(archiveError(t, err));
    }
  }

  return (
    <section className="archive">
      <ArchiveHeader title={t('archive.disposals.title')} />
      <p className="archive-intro">
        {t('archive.disposals.intro')} <Link to={`${archivePaths.due}?jenis=musnah`}>{t('archive.disposals.due')}</Link>
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!lists && !error && <p role="status">{t('app.loading')}</p>}
      {lists && lists.length === 0 && <p className="card">{t('archive.disposals.empty')}</p>}
      {lists && lists.length > 0 && (
        <ul className="archive-list">
          {lists.map((d) => (
            <li key={d.id} className="card archive-item">
              <Link className="archive-title" to={paths.letter(d.letterId)}>
                {d.beritaAcaraNumber ? t('archive.disposals.signed', { number: d.beritaAcaraNumber }) : t('archive.disposals.draftName', { count: d.berkas.length })}
              </Link>
              <dl className="archive-facts">
                <div>
                  <dt>{t('archive.disposals.state')}</dt>
                  <dd>{d.letterStateLabel}</dd>
                </div>
                <div>
                  <dt>{t('archive.disposals.progress')}</dt>
                  <dd>{t(`archive.disposals.status.${d.status}`, { done: d.destroyedCount, total: d.letterCount })}</dd>
                </div>
                <div>
                  <dt>{t('archive.disposals.created')}</dt>
                  <dd>{formatDateTime(d.createdAt)}</dd>
                </div>
              </dl>
              <ul>
                {d.berkas.map((b) => (
                  <li key={b.id}>
                    <span>
                      <Link to={archivePaths.berkasDetail(b.id)}>{t(/\d/.test(b.period) ? 'archive.disposals.berkasLine' : 'archive.disposals.berkasLineNoPeriod', { number: b.number, code: b.classificationCode, title: b.title, period: b.period, count: b.letterCount })}</Link>
                    </span>
                  </li>
                ))}
              </ul>
              {d.status === 'blocked' && (
                <div>
                  <button type="button" className="button secondary" onClick={() => resume(d.id)}>
                    {t('archive.disposals.resume')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
