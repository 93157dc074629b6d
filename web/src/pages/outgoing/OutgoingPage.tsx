import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import type { components } from '../../api/schema';
import { paths } from '../../app/routes';
import { hasRole, useUser } from '../../auth/session';
import { formatDate, formatDateTime } from '../../format/dates';
import './outgoing.css';

type LetterList = components['schemas']['LetterListDto'];
type LetterItem = components['schemas']['LetterListItemDto'];

const LIMIT = 20;
const CONFIDENTIAL = new Set(['rahasia', 'sangat_rahasia']);

/**
 * Surat Keluar: the outgoing letters the caller may see, filtered by state and words of the
 * subject, paged. The filters live in the address (?status=&cari=&halaman=&lingkup=kirim) so a
 * list can be bookmarked and the back button returns to it.
 */
export default function OutgoingPage() {
  const { t } = useTranslation();
  const user = useUser();
  const registrar = hasRole(user, 'registrar');
  const [params, setParams] = useSearchParams();
  const state = params.get('status') ?? '';
  const words = params.get('cari') ?? '';
  const page = Math.max(1, Number(params.get('halaman')) || 1);
  const dispatch = registrar && params.get('lingkup') === 'kirim';
  const [list, setList] = useState<LetterList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [draftWords, setDraftWords] = useState(words);

  useEffect(() => {
    document.title = `${t('outgoing.title')} · ${t('app.name')}`;
  }, [t]);

  useEffect(() => setDraftWords(words), [words]);

  useEffect(() => {
    let live = true;
    setError(null);
    unwrap(
      api.GET('/api/v1/letters', {
        params: {
          query: {
            kind: 'outgoing',
            page,
            limit: LIMIT,
            ...(state ? { state } : {}),
            ...(words ? { q: words } : {}),
            ...(dispatch ? { scope: 'dispatch' as const } : {}),
          },
        },
      }),
    ).then(
      (data) => live && setList(data),
      (err) => live && setError(errorMessage(t, err)),
    );
    return () => {
      live = false;
    };
  }, [t, state, words, page, dispatch]);

  /** Changes filters; any change of filter goes back to the first page. */
  function update(changes: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('halaman' in changes)) next.delete('halaman');
    setParams(next);
  }

  function onSearch(e: FormEvent) {
    e.preventDefault();
    update({ cari: draftWords.trim() });
  }

  const pages = list ? Math.max(1, Math.ceil(list.total / LIMIT)) : 1;
  const allCount = list?.states.reduce((n, s) => n + s.count, 0) ?? 0;
  const filtered = Boolean(state || words);

  return (
    <section className="outgoing">
      <h1>{t('outgoing.title')}</h1>
      <p className="outgoing-intro">{t('outgoing.intro')}</p>

      {registrar && (
        <fieldset className="outgoing-scope">
          <legend>{t('outgoing.scope')}</legend>
          <label className="check">
            <input type="radio" name="lingkup" checked={!dispatch} onChange={() => update({ lingkup: '', status: '' })} />
            <span>{t('outgoing.scopeAll')}</span>
          </label>
          <label className="check">
            <input type="radio" name="lingkup" checked={dispatch} onChange={() => update({ lingkup: 'kirim', status: '' })} />
            <span>{t('outgoing.scopeDispatch')}</span>
          </label>
        </fieldset>
      )}

      <form className="outgoing-filters" role="search" aria-label={t('outgoing.filters')} onSubmit={onSearch}>
        <label className="field">
          <span>{t('outgoing.search')}</span>
          <input type="search" name="cari" value={draftWords} maxLength={200} onChange={(e) => setDraftWords(e.target.value)} />
        </label>
        <button type="submit" className="button secondary">
          {t('outgoing.searchButton')}
        </button>
        <label className="field">
          <span>{t('outgoing.state')}</span>
          <select name="status" value={state} onChange={(e) => update({ status: e.target.value })}>
            <option value="">{t('outgoing.allStates', { count: allCount })}</option>
            {list?.states.map((s) => (
              <option key={s.state} value={s.state}>
                {t('outgoing.stateOption', { label: s.label, count: s.count })}
              </option>
            ))}
            {state && list && !list.states.some((s) => s.state === state) && <option value={state}>{state}</option>}
          </select>
        </label>
      </form>

      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}

      <p className="outgoing-count" role="status">
        {list ? t('outgoing.results', { count: list.total }) : t('app.loading')}
      </p>

      {list && list.items.length === 0 && <p className="card">{filtered ? t('outgoing.emptyFiltered') : t('outgoing.empty')}</p>}

      {list && list.items.length > 0 && (
        <ul className="outgoing-list">
          {list.items.map((letter) => (
            <OutgoingRow key={letter.id} letter={letter} />
          ))}
        </ul>
      )}

      {list && pages > 1 && (
        <nav className="outgoing-pages" aria-label={t('outgoing.pages')}>
          <button type="button" className="button secondary" disabled={page <= 1} onClick={() => update({ halaman: String(page - 1) })}>
            {t('outgoing.previous')}
          </button>
          <span>{t('outgoing.page', { page, pages })}</span>
          <button type="button" className="button secondary" disabled={page >= pages} onClick={() => update({ halaman: String(page + 1) })}>
            {t('outgoing.next')}
          </button>
        </nav>
      )}
    </section>
  );
}

function OutgoingRow({ letter }: { letter: LetterItem }) {
  const { t } = useTranslation();
  return (
    <li className="card outgoing-item">
      <div className="outgoing-badges">
        <span className="badge state">{letter.stateLabel}</span>
        {letter.sifat !== 'biasa' && (
          <span className={CONFIDENTIAL.has(letter.sifat) ? 'badge secret' : 'badge'}>
            <span className="visually-hidden">{t('outgoing.sifat')}: </span>
            {t(`labels.sifat.${letter.sifat}`)}
          </span>
        )}
        {letter.urgency !== 'biasa' && (
          <span className="badge urgent">
            <span className="visually-hidden">{t('outgoing.urgency')}: </span>
            {t(`labels.urgency.${letter.urgency}`)}
          </span>
        )}
        {letter.overdue && <span className="badge urgent">{t('outgoing.overdue')}</span>}
      </div>
      <Link className="outgoing-subject" to={paths.letter(letter.id)}>
        {letter.subject}
      </Link>
      <dl className="outgoing-facts">
        <div>
          <dt>{t('outgoing.number')}</dt>
          <dd>{letter.number ?? t('outgoing.noNumber')}</dd>
        </div>
        {letter.numberedAt ? (
          <div>
            <dt>{t('outgoing.date')}</dt>
            <dd>{formatDate(letter.numberedAt)}</dd>
          </div>
        ) : (
          <div>
            <dt>{t('outgoing.created')}</dt>
            <dd>{formatDateTime(letter.createdAt)}</dd>
          </div>
        )}
        <div>
          <dt className="visually-hidden">{t('outgoing.sifat')}</dt>
          <dd className="outgoing-type">{letter.typeLabel}</dd>
        </div>
      </dl>
    </li>
  );
}
