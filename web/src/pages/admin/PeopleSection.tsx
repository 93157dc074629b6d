import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { ROLES, type Person } from './types';
import { Status, useAction, useLoad } from './useLoad';

const EMPTY = { username: '', name: '', nip: '', email: '', password: '', roles: [] as string[] };
const LIMIT = 50;

/** People (accounts): search, create with roles, deactivate or activate. */
export function PeopleSection() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [page, setPage] = useState(1);
  const people = useLoad(
    async () => (await unwrap(api.GET('/api/v1/people', { params: { query: { ...(query ? { q: query } : {}), page, limit: LIMIT } } }))) as unknown as { items: Person[]; total: number },
    [query, page],
  );
  const [form, setForm] = useState(EMPTY);
  const [notice, setNotice] = useState<string | null>(null);
  const save = useAction();
  const toggle = useAction();

  async function onCreate(e: FormEvent) {
    e.preventDefault();
    const body = {
      username: form.username.trim(),
      name: form.name.trim(),
      password: form.password,
      roles: form.roles as (typeof ROLES)[number][],
      ...(form.nip.trim() ? { nip: form.nip.trim() } : {}),
      ...(form.email.trim() ? { email: form.email.trim() } : {}),
    };
    if (await save.run(async () => void (await unwrap(api.POST('/api/v1/people', { body }))))) {
      setNotice(t('admin.people.created', { name: body.name }));
      setForm(EMPTY);
      people.reload();
    }
  }

  async function setActive(person: Person, active: boolean) {
    if (await toggle.run(async () => void (await unwrap(api.PATCH('/api/v1/people/{id}', { params: { path: { id: person.id } }, body: { active } }))))) {
      setNotice(t(active ? 'admin.people.activated' : 'admin.people.deactivated', { name: person.name }));
      people.reload();
    }
  }

  const pages = people.data ? Math.max(1, Math.ceil(people.data.total / LIMIT)) : 1;
  return (
    <div>
      <h2>{t('admin.sections.people')}</h2>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <form
        className="admin-inline"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setPage(1);
          setQuery(q.trim());
        }}
      >
        <label className="field">
          <span>{t('admin.people.search')}</span>
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} maxLength={100} />
        </label>
        <button type="submit" className="button secondary">
          {t('admin.people.searchButton')}
        </button>
      </form>
      {toggle.error && (
        <p className="error" role="alert">
          {toggle.error}
        </p>
      )}
      <Status error={people.error} loading={!people.data} />
      {people.data && (
        <>
          <p className="muted">{t('admin.people.count', { count: people.data.total })}</p>
          <ul className="admin-list">
            {people.data.items.map((p) => (
              <li key={p.id} className="card admin-row">
                <div>
                  <strong>{p.name}</strong> <span className="muted">@{p.username}</span>
                  {!p.active && <span className="badge urgent">{t('admin.people.inactive')}</span>}
                  <br />
                  <span className="muted">
                    {p.nip ? `NIP ${p.nip} · ` : ''}
                    {p.roles.map((r) => t(`admin.roles.${r}`)).join(', ')}
                  </span>
                </div>
                <button type="button" className="button secondary" disabled={toggle.busy} onClick={() => setActive(p, !p.active)} aria-label={t(p.active ? 'admin.people.deactivateOf' : 'admin.people.activateOf', { name: p.name })}>
                  {t(p.active ? 'admin.people.deactivate' : 'admin.people.activate')}
                </button>
              </li>
            ))}
          </ul>
          {pages > 1 && (
            <div className="admin-actions">
              <button type="button" className="button secondary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                {t('app.previous')}
              </button>
              <span>{t('app.page', { page, pages })}</span>
              <button type="button" className="button secondary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                {t('app.next')}
              </button>
            </div>
          )}
        </>
      )}
      <form className="card admin-form" onSubmit={onCreate} aria-labelledby="person-form-title">
        <h3 id="person-form-title">{t('admin.people.createTitle')}</h3>
        <label className="field">
          <span>{t('admin.people.name')}</span>
          <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required minLength={2} maxLength={200} />
        </label>
        <label className="field">
          <span>
            {t('admin.people.username')} <span className="hint">{t('admin.people.usernameHint')}</span>
          </span>
          <input value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} required pattern="[a-z0-9][a-z0-9._\-]{2,63}" autoComplete="off" />
        </label>
        <label className="field">
          <span>{t('admin.people.nip')}</span>
          <input value={form.nip} onChange={(e) => setForm({ ...form, nip: e.target.value })} inputMode="numeric" pattern="\d{18}" />
        </label>
        <label className="field">
          <span>{t('admin.people.email')}</span>
          <input type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
        </label>
        <fieldset className="field">
          <legend>{t('admin.people.roles')}</legend>
          {ROLES.map((r) => (
            <label key={r} className="check">
              <input
                type="checkbox"
                checked={form.roles.includes(r)}
                onChange={(e) => setForm({ ...form, roles: e.target.checked ? [...form.roles, r] : form.roles.filter((x) => x !== r) })}
              />
              {t(`admin.roles.${r}`)}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>
            {t('admin.people.password')} <span className="hint">{t('admin.people.passwordHint')}</span>
          </span>
          <input type="password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} required minLength={10} maxLength={200} autoComplete="new-password" />
        </label>
        {save.error && (
          <p className="error" role="alert">
            {save.error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={save.busy}>
          {t('admin.people.create')}
        </button>
      </form>
    </div>
  );
}
