import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { ArchiveHeader } from './ArchiveNav';
import { BerkasFacts } from './BerkasFacts';
import { archivePaths } from './paths';
import { archiveError } from './words';

type Berkas = components['schemas']['BerkasDto'];
type Classification = components['schemas']['ClassificationDto'];
type BerkasStatus = Berkas['status'];
const STATUSES: BerkasStatus[] = ['terbuka', 'ditutup', 'inaktif', 'diusulkan_musnah', 'musnah', 'diserahkan'];

/** Berkas: the case files the caller keeps, by status (in the address), and a form to open a new one. */
export default function BerkasPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const status = STATUSES.find((s) => s === statusParam);
  const [list, setList] = useState<{ items: Berkas[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    unwrap(api.GET('/api/v1/archive/berkas', { params: { query: { limit: 100, ...(status ? { status } : {}) } } })).then(
      (page) => live && setList(page),
      (err) => live && setError(archiveError(t, err)),
    );
    return () => {
      live = false;
    };
  }, [t, status, reload]);

  return (
    <section className="archive">
      <ArchiveHeader title={t('archive.berkas.title')} />
      <p className="archive-intro">{t('archive.berkas.intro')}</p>
      <CreateBerkas onCreated={() => setReload((n) => n + 1)} />

      <h2>{t('archive.berkas.listTitle')}</h2>
      <div className="archive-filters">
        <label className="field">
          <span>{t('archive.berkas.status')}</span>
          <select value={status ?? ''} onChange={(e) => setParams(e.target.value ? { status: e.target.value } : {})}>
            <option value="">{t('archive.berkas.allStatuses')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`archive.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p role="status" className="archive-intro">
        {list ? t('archive.berkas.count', { count: list.total }) : t('app.loading')}
      </p>
      {list && list.items.length === 0 && <p className="card">{t('archive.berkas.empty')}</p>}
      {list && list.items.length > 0 && (
        <ul className="archive-list">
          {list.items.map((b) => (
            <li key={b.id} className={b.legalHold ? 'card archive-item hold' : 'card archive-item'}>
              <Link className="archive-title" to={archivePaths.berkasDetail(b.id)}>
                {t('archive.berkasName', { number: b.number, title: b.title })}
              </Link>
              <BerkasFacts berkas={b} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function CreateBerkas({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const [codes, setCodes] = useState<Classification[]>([]);
  const [code, setCode] = useState('');
  const [title, setTitle] = useState('');
  const [periodFrom, setPeriodFrom] = useState('');
  const [periodTo, setPeriodTo] = useState('');
  const [location, setLocation] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ id: string; number: number; title: string } | null>(null);

  useEffect(() => {
    let live = true;
    unwrap(api.GET('/api/v1/classifications')).then(
      (list) => live && setCodes(list),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const berkas = await unwrap(
        api.POST('/api/v1/archive/berkas', {
          body: {
            classificationCode: code.split(' ')[0].trim(),
            title: title.trim(),
            ...(periodFrom ? { periodFrom } : {}),
            ...(periodTo ? { periodTo } : {}),
            ...(location.trim() ? { location: location.trim() } : {}),
          },
        }),
      );
      setCreated({ id: berkas.id, number: berkas.number, title: berkas.title });
      setTitle('');
      onCreated();
    } catch (err) {
      setError(archiveError(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <details className="card">
      <summary className="archive-title">{t('archive.berkas.create')}</summary>
      <form className="archive-form" onSubmit={onSubmit}>
        <label className="field">
          <span>{t('archive.berkas.classification')}</span>
          <input list="kode-klasifikasi" value={code} required maxLength={200} onChange={(e) => setCode(e.target.value)} />
          <datalist id="kode-klasifikasi">
            {codes.map((c) => (
              <option key={c.code} value={`${c.code} ${c.name}`} />
            ))}
          </datalist>
        </label>
        <label className="field">
          <span>{t('archive.berkas.uraian')}</span>
          <input value={title} required maxLength={500} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('archive.berkas.periodFrom')}</span>
          <input type="date" value={periodFrom} onChange={(e) => setPeriodFrom(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('archive.berkas.periodTo')}</span>
          <input type="date" value={periodTo} onChange={(e) => setPeriodTo(e.target.value)} />
        </label>
        <label className="field wide">
          <span>{t('archive.berkas.location')}</span>
          <input value={location} maxLength={200} onChange={(e) => setLocation(e.target.value)} />
        </label>
        <div className="wide">
          <button type="submit" className="button primary" disabled={busy}>
            {t('archive.berkas.createButton')}
          </button>
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {created && (
        <p className="notice" role="status">
          {t('archive.berkas.created', { number: created.number, title: created.title })} <Link to={archivePaths.berkasDetail(created.id)}>{t('archive.fileInto.open')}</Link>
        </p>
      )}
    </details>
  );
}
