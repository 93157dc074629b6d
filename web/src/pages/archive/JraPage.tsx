import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { ArchiveHeader } from './ArchiveNav';
import { archiveError } from './words';

type Jra = components['schemas']['JraDto'];

/** The Jadwal Retensi Arsip: each classification code's retention and final disposition, filtered by code or name. */
export default function JraPage() {
  const { t } = useTranslation();
  const [jra, setJra] = useState<Jra | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState('');

  useEffect(() => {
    let live = true;
    unwrap(api.GET('/api/v1/archive/jra')).then(
      (data) => live && setJra(data),
      (err) => live && setError(archiveError(t, err)),
    );
    return () => {
      live = false;
    };
  }, [t]);

  const words = filter.trim().toLowerCase();
  const entries = jra?.entries.filter((e) => !words || e.code.startsWith(words) || e.name.toLowerCase().includes(words)) ?? [];
  return (
    <section className="archive">
      <ArchiveHeader title={t('archive.jra.title')} />
      {jra && <p className="archive-intro">{t('archive.jra.version', { version: jra.version })}</p>}
      <label className="field">
        <span>{t('archive.jra.filter')}</span>
        <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!jra && !error && <p role="status">{t('app.loading')}</p>}
      {jra && (
        <div className="archive-table" role="region" aria-label={t('archive.jra.title')} tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('archive.jra.code')}</th>
                <th scope="col">{t('archive.jra.name')}</th>
                <th scope="col">{t('archive.jra.active')}</th>
                <th scope="col">{t('archive.jra.inactive')}</th>
                <th scope="col">{t('archive.jra.trigger')}</th>
                <th scope="col">{t('archive.jra.fate')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.code}>
                  <td>{e.code}</td>
                  <td>
                    {e.name}
                    {e.definedAt !== e.code && <span className="hint"> ({t('archive.jra.inherited', { code: e.definedAt })})</span>}
                  </td>
                  <td>{t('archive.jra.years', { count: e.activeYears })}</td>
                  <td>{t('archive.jra.years', { count: e.inactiveYears })}</td>
                  <td>{e.triggerLabel}</td>
                  <td>{e.dispositionLabel}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
