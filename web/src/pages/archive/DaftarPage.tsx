import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { formatCalendarDate } from '../../format/dates';
import { ArchiveHeader } from './ArchiveNav';
import { archivePaths } from './paths';
import { archiveError } from './words';

type Daftar = components['schemas']['DaftarArsipDto'];
type Kind = Daftar['kind'];

/** Daftar Arsip Aktif or Inaktif (?jenis=inaktif) of the caller's unit, as a table, with CSV and PDF downloads. */
export default function DaftarPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const kind: Kind = params.get('jenis') === 'inaktif' ? 'inaktif' : 'aktif';
  const [list, setList] = useState<Daftar | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    setList(null);
    unwrap(api.GET('/api/v1/archive/daftar-arsip', { params: { query: { kind } } })).then(
      (data) => live && setList(data as Daftar),
      (err) => live && setError(archiveError(t, err)),
    );
    return () => {
      live = false;
    };
  }, [t, kind]);

  const download = (format: 'csv' | 'pdf') => `/api/v1/archive/daftar-arsip?kind=${kind}&format=${format}`;
  return (
    <section className="archive">
      <ArchiveHeader title={t(`archive.daftar.title.${kind}`)} />
      <fieldset className="archive-filters" style={{ border: 0, padding: 0 }}>
        <legend className="visually-hidden">{t('archive.daftar.kind')}</legend>
        <label className="check">
          <input type="radio" name="jenis" checked={kind === 'aktif'} onChange={() => setParams({})} />
          <span>{t('archive.daftar.title.aktif')}</span>
        </label>
        <label className="check">
          <input type="radio" name="jenis" checked={kind === 'inaktif'} onChange={() => setParams({ jenis: 'inaktif' })} />
          <span>{t('archive.daftar.title.inaktif')}</span>
        </label>
      </fieldset>
      <div className="archive-actions">
        <a className="button secondary" href={download('csv')} download>
          {t('archive.daftar.csv')}
        </a>
        <a className="button secondary" href={download('pdf')} download>
          {t('archive.daftar.pdf')}
        </a>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!list && !error && <p role="status">{t('app.loading')}</p>}
      {list && (
        <>
          <p className="archive-intro">{t('archive.daftar.unit', { unit: list.unitName, date: formatCalendarDate(list.date) })}</p>
          {list.items.length === 0 ? (
            <p className="card">{t('archive.daftar.empty')}</p>
          ) : (
            <div className="archive-table" role="region" aria-label={t(`archive.daftar.title.${kind}`)} tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('archive.daftar.no')}</th>
                    <th scope="col">{t('archive.daftar.number')}</th>
                    <th scope="col">{t('archive.berkas.classification')}</th>
                    <th scope="col">{t('archive.berkas.uraian')}</th>
                    <th scope="col">{t('archive.berkas.period')}</th>
                    <th scope="col">{t('archive.berkas.items')}</th>
                    <th scope="col">{t('archive.daftar.level')}</th>
                    <th scope="col">{t('archive.daftar.note')}</th>
                    {kind === 'inaktif' && <th scope="col">{t('archive.berkas.inactiveUntil')}</th>}
                    {kind === 'inaktif' && <th scope="col">{t('archive.daftar.fate')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((row) => (
                    <tr key={row.berkasId}>
                      <td>{row.no}</td>
                      <td>
                        <Link to={archivePaths.berkasDetail(row.berkasId)}>{row.number}</Link>
                      </td>
                      <td>{row.classificationCode}</td>
                      <td>{row.title}</td>
                      <td>{row.kurunWaktu}</td>
                      <td>{row.itemCount}</td>
                      <td>{row.tingkatPerkembangan}</td>
                      <td>{row.keterangan}</td>
                      {kind === 'inaktif' && <td>{row.inactiveUntil ? formatCalendarDate(row.inactiveUntil) : '—'}</td>}
                      {kind === 'inaktif' && <td>{row.nasibAkhir}</td>}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
