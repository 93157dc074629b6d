import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { paths } from '../../app/routes';
import { hasRole, useUser } from '../../auth/session';
import { formatCalendarDate } from '../../format/dates';
import { ArchiveHeader } from './ArchiveNav';
import { BerkasFacts } from './BerkasFacts';
import { archivePaths } from './paths';
import { archiveError } from './words';

type DueList = components['schemas']['DueListDto'];
type DueKind = DueList['kind'];
const KINDS: DueKind[] = ['inaktif', 'musnah', 'serah', 'dinilai_kembali'];

/**
 * What is due (?jenis=&per=): berkas whose active retention is over (to move to inactive), or
 * whose inactive retention is over by final disposition. An archivist ticks those due for
 * musnah and drafts a disposal list, which then runs on its letter's page.
 */
export default function DuePage() {
  const { t } = useTranslation();
  const user = useUser();
  const archivist = hasRole(user, 'archivist');
  const [params, setParams] = useSearchParams();
  const kindParam = params.get('jenis');
  const kind = KINDS.find((k) => k === kindParam) ?? 'inaktif';
  const asOf = params.get('per') ?? '';
  const [list, setList] = useState<DueList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [drafted, setDrafted] = useState<{ letterId: string } | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    setList(null);
    unwrap(api.GET('/api/v1/archive/due', { params: { query: { kind, ...(asOf ? { asOf } : {}) } } })).then(
      (data) => live && setList(data),
      (err) => live && setError(archiveError(t, err)),
    );
    return () => {
      live = false;
    };
  }, [t, kind, asOf, reload]);

  function update(changes: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setSelected(new Set());
    setParams(next);
  }

  function toggle(id: string) {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  async function run(call: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await call();
      setReload((n) => n + 1);
    } catch (err) {
      setError(archiveError(t, err));
    } finally {
      setBusy(false);
    }
  }

  const draftDisposal = () =>
    run(async () => {
      const list = await unwrap(api.POST('/api/v1/archive/disposals', { body: { berkasIds: [...selected] } }));
      setDrafted({ letterId: list.letterId });
      setSelected(new Set());
    });
  const moveInactive = (id: string) => run(() => unwrap(api.POST('/api/v1/archive/berkas/{id}/inactive', { params: { path: { id } }, body: {} })));

  const picking = archivist && kind === 'musnah';
  return (
    <section className="archive">
      <ArchiveHeader title={t('archive.due.title')} />
      <div className="archive-filters">
        <label className="field">
          <span>{t('archive.due.kind')}</span>
          <select value={kind} onChange={(e) => update({ jenis: e.target.value })}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`archive.due.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('archive.due.asOf')}</span>
          <input type="date" value={asOf} onChange={(e) => update({ per: e.target.value })} />
        </label>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {drafted && (
        <p className="notice" role="status">
          {t('archive.due.drafted')} <Link to={paths.letter(drafted.letterId)}>{t('archive.due.openLetter')}</Link>
        </p>
      )}
      {!list && !error && <p role="status">{t('app.loading')}</p>}
      {list && (
        <>
          <p className="archive-intro" role="status">
            {t('archive.due.count', { count: list.items.length, date: formatCalendarDate(list.asOf) })}
            {list.heldCount > 0 && ` ${t('archive.due.held', { count: list.heldCount })}`}
          </p>
          {list.items.length === 0 && <p className="card">{t('archive.due.empty')}</p>}
          {picking && list.items.length > 0 && (
            <div className="archive-actions">
              <span>{t('archive.due.selected', { count: selected.size })}</span>
              <button type="button" className="button primary" disabled={busy || selected.size === 0} onClick={draftDisposal}>
                {t('archive.due.draftDisposal')}
              </button>
            </div>
          )}
          <ul className="archive-list">
            {list.items.map((b) => {
              const name = t('archive.berkasName', { number: b.number, title: b.title });
              return (
                <li key={b.id} className="card archive-item">
                  <div className="archive-item-head">
                    {picking && (
                      <label className="check">
                        <input type="checkbox" checked={selected.has(b.id)} onChange={() => toggle(b.id)} aria-label={t('archive.due.pick', { name })} />
                      </label>
                    )}
                    <Link className="archive-title" to={archivePaths.berkasDetail(b.id)}>
                      {name}
                    </Link>
                  </div>
                  <BerkasFacts berkas={b} />
                  {archivist && kind === 'inaktif' && b.status === 'ditutup' && (
                    <div>
                      <button type="button" className="button secondary" disabled={busy} onClick={() => moveInactive(b.id)} aria-label={t('archive.due.moveNamed', { name })}>
                        {t('archive.detail.inactive')}
                      </button>
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
