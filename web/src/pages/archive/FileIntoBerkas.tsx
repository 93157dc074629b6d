import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { archivePaths } from './paths';
import { archiveError } from './words';

type Berkas = components['schemas']['BerkasDto'];

/**
 * "Masukkan ke Berkas": the ticked letters of a list go into an open berkas the caller keeps,
 * all or none (the API refuses a draft, a letter filed elsewhere, one not visible).
 */
export function FileIntoBerkas({ letterIds, onFiled }: { letterIds: string[]; onFiled: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Berkas[] | null>(null);
  const [berkasId, setBerkasId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ id: string; count: number; title: string } | null>(null);

  useEffect(() => {
    let live = true;
    unwrap(api.GET('/api/v1/archive/berkas', { params: { query: { status: 'terbuka', limit: 100 } } })).then(
      (page) => {
        if (!live) return;
        setOpen(page.items);
        setBerkasId((current) => current || page.items[0]?.id || '');
      },
      (err) => live && setError(archiveError(t, err)),
    );
    return () => {
      live = false;
    };
  }, [t]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!berkasId || letterIds.length === 0) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const berkas = await unwrap(api.POST('/api/v1/archive/berkas/{id}/items', { params: { path: { id: berkasId } }, body: { letterIds } }));
      setDone({ id: berkas.id, count: letterIds.length, title: berkas.title });
      onFiled();
    } catch (err) {
      setError(archiveError(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card file-into" aria-label={t('archive.fileInto.title')} onSubmit={onSubmit}>
      <p className="file-into-count">{t('archive.fileInto.selected', { count: letterIds.length })}</p>
      {open && open.length === 0 ? (
        <p>
          {t('archive.fileInto.noOpen')} <Link to={archivePaths.berkas}>{t('archive.fileInto.create')}</Link>
        </p>
      ) : (
        <div className="file-into-row">
          <label className="field">
            <span>{t('archive.fileInto.berkas')}</span>
            <select value={berkasId} onChange={(e) => setBerkasId(e.target.value)} disabled={!open}>
              {open?.map((b) => (
                <option key={b.id} value={b.id}>
                  {t('archive.berkasOption', { number: b.number, code: b.classificationCode, title: b.title, unit: b.unitName })}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="button primary" disabled={busy || !berkasId || letterIds.length === 0}>
            {t('archive.fileInto.submit')}
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p className="notice" role="status">
          {t('archive.fileInto.done', { count: done.count, title: done.title })} <Link to={archivePaths.berkasDetail(done.id)}>{t('archive.fileInto.open')}</Link>
        </p>
      )}
    </form>
  );
}
