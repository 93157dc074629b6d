import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiError, api, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import type { components } from '../../api/schema';
import { paths } from '../../app/routes';
import { hasRole, useUser } from '../../auth/session';
import { formatCalendarDate } from '../../format/dates';
import { FileIntoBerkas } from '../archive/FileIntoBerkas';
import { Snippet } from './snippet';
import './search.css';

type SearchResult = components['schemas']['SearchResultDto'];
type SearchHit = components['schemas']['SearchHitDto'];
type FacetCount = components['schemas']['SearchFacetCountDto'];
type Sifat = SearchHit['sifat'];

const LIMIT = 20;
/** More matches than this: the page suggests narrowing down. */
const BROAD = 200;
const CONFIDENTIAL = new Set(['rahasia', 'sangat_rahasia']);
const SEARCH_CODES = new Set(['SEARCH_QUERY_EMPTY', 'SEARCH_QUERY_ONLY_STOP_WORDS', 'SEARCH_QUERY_ONLY_NEGATIONS', 'SEARCH_QUERY_TOO_LONG', 'SEARCH_QUERY_TOO_COMPLEX', 'SEARCH_FILTER_INVALID']);
const SORTS = ['relevance', 'newest', 'oldest'] as const;
const EXAMPLES = ['permohonan data', '"rapat koordinasi"', 'undangan -pelatihan', 'sosialisasi or bimtek', '215/DINKES'];

/** The address's words for the API's filters, so a search can be bookmarked and shared. */
const PARAM = { q: 'q', type: 'jenis', classification: 'klasifikasi', unitId: 'unit', sifat: 'sifat', state: 'status', from: 'dari', to: 'sampai', sort: 'urut', page: 'halaman' } as const;
type FacetName = keyof SearchResult['facets'];
const FACET_ORDER: FacetName[] = ['type', 'state', 'sifat', 'year', 'classification', 'unit'];
const FACET_PARAM: Record<Exclude<FacetName, 'year'>, string> = { type: PARAM.type, state: PARAM.state, sifat: PARAM.sifat, classification: PARAM.classification, unit: PARAM.unitId };

/**
 * Pencarian: the letters the caller may see, found by words in any form, phrases, numbers;
 * narrowed by facets, sorted, paged; every choice in the address. An archivist or TU ticks
 * letters and files them into a berkas from here.
 */
export default function SearchPage() {
  const { t } = useTranslation();
  const user = useUser();
  const filer = hasRole(user, 'archivist') || hasRole(user, 'registrar');
  const [params, setParams] = useSearchParams();
  const q = params.get(PARAM.q) ?? '';
  const page = Math.max(1, Number(params.get(PARAM.page)) || 1);
  const sortParam = params.get(PARAM.sort);
  const sort = SORTS.find((s) => s === sortParam);
  const filters = {
    type: params.get(PARAM.type) ?? '',
    classification: params.get(PARAM.classification) ?? '',
    unitId: params.get(PARAM.unitId) ?? '',
    sifat: params.get(PARAM.sifat) ?? '',
    state: params.get(PARAM.state) ?? '',
    from: params.get(PARAM.from) ?? '',
    to: params.get(PARAM.to) ?? '',
  };
  const filtered = Object.values(filters).some(Boolean);
  const asked = q.trim() !== '' || filtered;
  const [draft, setDraft] = useState(q);
  const [result, setResult] = useState<SearchResult | null>(null);
  const [failure, setFailure] = useState<{ code: string; message: string } | null>(null);
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reload, setReload] = useState(0);
  const key = params.toString();
  const [wide] = useState(() => globalThis.matchMedia?.('(min-width: 900px)').matches ?? true);

  useEffect(() => {
    document.title = `${t('search.title')} · ${t('app.name')}`;
  }, [t]);
  useEffect(() => setDraft(q), [q]);

  useEffect(() => {
    if (!asked) {
      setResult(null);
      setFailure(null);
      return;
    }
    let live = true;
    setLoading(true);
    setFailure(null);
    const query = {
      ...(q.trim() ? { q } : {}),
      ...(filters.type ? { type: filters.type } : {}),
      ...(filters.classification ? { classification: filters.classification } : {}),
      ...(filters.unitId ? { unitId: filters.unitId } : {}),
      ...(filters.sifat ? { sifat: filters.sifat as Sifat } : {}),
      ...(filters.state ? { state: filters.state } : {}),
      ...(filters.from ? { from: filters.from } : {}),
      ...(filters.to ? { to: filters.to } : {}),
      ...(sort ? { sort } : {}),
      limit: LIMIT,
      offset: (page - 1) * LIMIT,
    };
    unwrap(api.GET('/api/v1/search', { params: { query } })).then(
      (data) => {
        if (!live) return;
        setResult(data);
        setLoading(false);
      },
      (err) => {
        if (!live) return;
        setResult(null);
        setLoading(false);
        const code = err instanceof ApiError ? err.code : 'UNKNOWN';
        setFailure({ code, message: SEARCH_CODES.has(code) ? t(`search.errors.${code}`) : errorMessage(t, err) });
      },
    );
    return () => {
      live = false;
    };
    // The address is the state: `key` covers every parameter read above.
  }, [key, reload, t]);

  /** Changes the address; any change but the page goes back to the first page and clears the ticks. */
  function update(changes: Record<string, string>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!(PARAM.page in changes)) {
      next.delete(PARAM.page);
      setSelected(new Set());
    }
    setParams(next);
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    update({ [PARAM.q]: draft.trim() });
  }

  function toggle(id: string) {
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  const pages = result ? Math.max(1, Math.ceil(result.total / LIMIT)) : 1;
  const chips = activeFilters(t, filters, result);

  return (
    <section className="search">
      <h1>{t('search.title')}</h1>
      <form className="search-form" role="search" aria-label={t('search.formLabel')} onSubmit={onSubmit}>
        <label className="field search-box">
          <span>{t('search.query')}</span>
          <input type="search" name="q" value={draft} maxLength={500} aria-describedby="search-syntax" onChange={(e) => setDraft(e.target.value)} />
        </label>
        <button type="submit" className="button primary">
          {t('search.button')}
        </button>
      </form>
      <details className="search-syntax" id="search-syntax">
        <summary>{t('search.syntax.title')}</summary>
        <ul>
          <li>{t('search.syntax.words')}</li>
          <li>{t('search.syntax.phrase')}</li>
          <li>{t('search.syntax.not')}</li>
          <li>{t('search.syntax.or')}</li>
          <li>{t('search.syntax.number')}</li>
        </ul>
      </details>

      {chips.length > 0 && (
        <ul className="search-chips" aria-label={t('search.activeFilters')}>
          {chips.map((c) => (
            <li key={c.param}>
              <button type="button" className="button secondary chip" onClick={() => update(Object.fromEntries(c.params.map((p) => [p, ''])))}>
                {c.label}
                <span aria-hidden="true"> ×</span>
                <span className="visually-hidden"> ({t('search.removeFilter')})</span>
              </button>
            </li>
          ))}
        </ul>
      )}

      {!asked && <SearchHelp onExample={(example) => update({ [PARAM.q]: example })} />}

      {failure && (
        <div className="warning search-failure" role="alert">
          <p>{failure.message}</p>
          {SEARCH_CODES.has(failure.code) && <p>{t('search.errors.tryInstead')}</p>}
        </div>
      )}

      {asked && !failure && (
        <div className="search-toolbar">
          <p className="search-count" role="status">
            {loading || !result
              ? t('app.loading')
              : t(result.totalRelation === 'gte' ? 'search.resultsAtLeast' : 'search.results', { count: result.total })}
          </p>
          {result && (
            <label className="field search-sort">
              <span>{t('search.sort.label')}</span>
              <select value={sort ?? ''} onChange={(e) => update({ [PARAM.sort]: e.target.value })}>
                <option value="">{t('search.sort.default')}</option>
                {SORTS.map((s) => (
                  <option key={s} value={s}>
                    {t(`search.sort.${s}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
      )}

      {result && (
        <div className="search-layout">
          {/* Open beside the results on a wide screen; on a phone folded above them, so the results come first. */}
          <details className="search-facets" open={wide}>
            <summary>{t('search.facets.title')}</summary>
            {FACET_ORDER.map((facet) => (
              <Facet key={facet} name={facet} counts={result.facets[facet]} filters={filters} onPick={update} />
            ))}
          </details>

          <div className="search-results">
            {result.total > BROAD && <p className="notice">{t('search.broad', { count: result.total })}</p>}
            {result.items.length === 0 && (
              <div className="card search-empty">
                <p>{t('search.empty')}</p>
                <ul>
                  <li>{t('search.emptyTips.spelling')}</li>
                  <li>{t('search.emptyTips.fewer')}</li>
                  {filtered && <li>{t('search.emptyTips.filters')}</li>}
                </ul>
              </div>
            )}
            {filer && result.items.length > 0 && (
              <FileIntoBerkas
                letterIds={[...selected]}
                onFiled={() => {
                  setSelected(new Set());
                  setReload((n) => n + 1);
                }}
              />
            )}
            {result.items.length > 0 && (
              <ol className="search-list" start={(page - 1) * LIMIT + 1}>
                {result.items.map((hit) => (
                  <SearchRow key={hit.id} hit={hit} selectable={filer} selected={selected.has(hit.id)} onToggle={() => toggle(hit.id)} />
                ))}
              </ol>
            )}
            {pages > 1 && (
              <nav className="search-pages" aria-label={t('search.pages')}>
                <button type="button" className="button secondary" disabled={page <= 1} onClick={() => update({ [PARAM.page]: String(page - 1) })}>
                  {t('search.previous')}
                </button>
                <span>{t('search.page', { page, pages })}</span>
                <button type="button" className="button secondary" disabled={page >= pages} onClick={() => update({ [PARAM.page]: String(page + 1) })}>
                  {t('search.next')}
                </button>
              </nav>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

function SearchHelp({ onExample }: { onExample: (q: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="card search-help">
      <p>{t('search.help.intro')}</p>
      <p>{t('search.help.examples')}</p>
      <ul className="search-examples">
        {EXAMPLES.map((example) => (
          <li key={example}>
            <button type="button" className="button secondary" onClick={() => onExample(example)}>
              {example}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Facet({ name, counts, filters, onPick }: { name: FacetName; counts: FacetCount[]; filters: Record<string, string>; onPick: (changes: Record<string, string>) => void }) {
  const { t } = useTranslation();
  if (counts.length === 0) return null;
  const current = name === 'year' ? (filters.from && filters.from.slice(0, 4) === filters.to.slice(0, 4) ? filters.from.slice(0, 4) : '') : filters[name === 'unit' ? 'unitId' : name];
  const pick = (value: string) => {
    if (name === 'year') onPick(value === current ? { [PARAM.from]: '', [PARAM.to]: '' } : { [PARAM.from]: `${value}-01-01`, [PARAM.to]: `${value}-12-31` });
    else onPick({ [FACET_PARAM[name]]: value === current ? '' : value });
  };
  return (
    <fieldset className="search-facet">
      <legend>{t(`search.facets.${name}`)}</legend>
      <ul>
        {counts.map((c) => (
          <li key={c.value}>
            <button type="button" className={c.value === current ? 'facet-value active' : 'facet-value'} aria-pressed={c.value === current} onClick={() => pick(c.value)}>
              <span>{facetLabel(t, name, c)}</span>
              <span className="facet-count">{c.count}</span>
            </button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function facetLabel(t: (k: string, o?: Record<string, unknown>) => string, name: FacetName, c: FacetCount): string {
  if (name === 'sifat') return t(`labels.sifat.${c.value}`, { defaultValue: c.value });
  return c.label ?? c.value;
}

interface Chip {
  param: string;
  params: string[];
  label: string;
}

/** The filters in force, in words, each removable. */
function activeFilters(t: (k: string, o?: Record<string, unknown>) => string, f: Record<string, string>, result: SearchResult | null): Chip[] {
  const labelOf = (facet: FacetName, value: string) => result?.facets[facet].find((c) => c.value === value)?.label ?? value;
  const out: Chip[] = [];
  if (f.type) out.push({ param: PARAM.type, params: [PARAM.type], label: `${t('search.facets.type')}: ${labelOf('type', f.type)}` });
  if (f.state) out.push({ param: PARAM.state, params: [PARAM.state], label: `${t('search.facets.state')}: ${labelOf('state', f.state)}` });
  if (f.sifat) out.push({ param: PARAM.sifat, params: [PARAM.sifat], label: `${t('search.facets.sifat')}: ${t(`labels.sifat.${f.sifat}`, { defaultValue: f.sifat })}` });
  if (f.classification) out.push({ param: PARAM.classification, params: [PARAM.classification], label: `${t('search.facets.classification')}: ${f.classification}` });
  if (f.unitId) out.push({ param: PARAM.unitId, params: [PARAM.unitId], label: `${t('search.facets.unit')}: ${labelOf('unit', f.unitId)}` });
  if (f.from || f.to) {
    const from = f.from ? formatCalendarDate(f.from) : '…';
    const to = f.to ? formatCalendarDate(f.to) : '…';
    out.push({ param: PARAM.from, params: [PARAM.from, PARAM.to], label: `${t('search.facets.period')}: ${from} – ${to}` });
  }
  return out;
}

function SearchRow({ hit, selectable, selected, onToggle }: { hit: SearchHit; selectable: boolean; selected: boolean; onToggle: () => void }) {
  const { t } = useTranslation();
  const titleId = `hit-${hit.id}`;
  return (
    <li className="card search-hit">
      <div className="search-hit-head">
        {selectable && (
          <label className="check search-pick">
            <input type="checkbox" checked={selected} onChange={onToggle} aria-labelledby={`pick-${hit.id} ${titleId}`} />
            <span id={`pick-${hit.id}`} className="visually-hidden">
              {t('search.pick')}
            </span>
          </label>
        )}
        <Link id={titleId} className="search-subject" to={paths.letter(hit.id)}>
          {hit.subject}
        </Link>
      </div>
      {hit.snippet && (
        <p className="search-snippet">
          <Snippet html={hit.snippet} />
        </p>
      )}
      <dl className="search-facts">
        <div>
          <dt>{t('search.number')}</dt>
          <dd>{hit.number ?? t('search.noNumber')}</dd>
        </div>
        <div>
          <dt>{t('search.date')}</dt>
          <dd>{formatCalendarDate(hit.date)}</dd>
        </div>
        <div>
          <dt>{t('search.type')}</dt>
          <dd>{hit.typeLabel}</dd>
        </div>
        <div>
          <dt>{t('search.sifat')}</dt>
          <dd>
            <span className={CONFIDENTIAL.has(hit.sifat) ? 'badge secret' : 'badge'}>{t(`labels.sifat.${hit.sifat}`)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('search.state')}</dt>
          <dd>{hit.stateLabel}</dd>
        </div>
      </dl>
    </li>
  );
}
