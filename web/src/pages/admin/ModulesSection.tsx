import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { formatDateTime } from '../../format/dates';
import { SCOPES, type ApiKey, type DeadLetter, type ModuleClient } from './types';
import { Status, useAction, useLoad } from './useLoad';

const splitUrls = (text: string) => text.split('\n').map((u) => u.trim()).filter(Boolean);

/** A secret or key the server shows this once: the admin copies it now. */
function ShownOnce({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  return (
    <div className="warning shown-once" role="status">
      <p>
        <strong>{label}</strong> {t('admin.modules.shownOnce')}
      </p>
      <code className="secret" tabIndex={0} aria-label={label}>
        {value}
      </code>
    </div>
  );
}

/** The SIM modules that call the approval API: keys, callback URLs, webhook secret; and the webhooks that could not be delivered. */
export function ModulesSection() {
  const { t } = useTranslation();
  const modules = useLoad(async () => (await unwrap(api.GET('/api/v1/admin/modules'))) as unknown as ModuleClient[]);
  const [selected, setSelected] = useState<string | null>(null);
  const [form, setForm] = useState({ name: '', description: '', scopes: ['approvals:read', 'approvals:write'] as string[], callbackUrls: '' });
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const save = useAction();

  async function onCreate(e: FormEvent) {
    e.preventDefault();
    setCreated(null);
    const body = {
      name: form.name.trim(),
      scopes: form.scopes as (typeof SCOPES)[number][],
      callbackUrls: splitUrls(form.callbackUrls),
      ...(form.description.trim() ? { description: form.description.trim() } : {}),
    };
    await save.run(async () => {
      const module = (await unwrap(api.POST('/api/v1/admin/modules', { body }))) as unknown as ModuleClient & { webhookSecret: string };
      setCreated({ name: module.name, secret: module.webhookSecret });
      setForm({ name: '', description: '', scopes: ['approvals:read', 'approvals:write'], callbackUrls: '' });
      setSelected(module.id);
      modules.reload();
    });
  }

  const current = modules.data?.find((m) => m.id === selected) ?? null;
  return (
    <div>
      <h2>{t('admin.sections.modules')}</h2>
      <Status error={modules.error} loading={!modules.data} />
      {modules.data && modules.data.length === 0 && <p>{t('admin.modules.none')}</p>}
      {modules.data && modules.data.length > 0 && (
        <ul className="admin-list">
          {modules.data.map((m) => (
            <li key={m.id} className="card admin-row">
              <div>
                <strong>{m.name}</strong> {!m.active && <span className="badge urgent">{t('admin.modules.inactive')}</span>}
                <br />
                <span className="muted">{m.description ?? ''}</span>
                <br />
                <span className="muted">{m.scopes.join(', ')}</span>
              </div>
              <button type="button" className="button secondary" aria-expanded={selected === m.id} onClick={() => setSelected(selected === m.id ? null : m.id)} aria-label={t('admin.modules.manageOf', { name: m.name })}>
                {t('admin.modules.manage')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {created && <ShownOnce label={t('admin.modules.webhookSecretOf', { name: created.name })} value={created.secret} />}
      {current && <ModuleDetail key={current.id} module={current} onChanged={modules.reload} />}
      <form className="card admin-form" onSubmit={onCreate} aria-labelledby="module-form-title">
        <h3 id="module-form-title">{t('admin.modules.createTitle')}</h3>
        <label className="field">
          <span>
            {t('admin.modules.name')} <span className="hint">{t('admin.modules.nameHint')}</span>
          </span>
          <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required pattern="[a-z][a-z0-9\-]{1,63}" />
        </label>
        <label className="field">
          <span>{t('admin.modules.description')}</span>
          <input value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} maxLength={300} />
        </label>
        <ScopeChecks value={form.scopes} onChange={(scopes) => setForm({ ...form, scopes })} />
        <label className="field">
          <span>
            {t('admin.modules.callbackUrls')} <span className="hint">{t('admin.modules.callbackUrlsHint')}</span>
          </span>
          <textarea value={form.callbackUrls} onChange={(e) => setForm({ ...form, callbackUrls: e.target.value })} rows={2} spellCheck={false} />
        </label>
        {save.error && (
          <p className="error" role="alert">
            {save.error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={save.busy}>
          {t('admin.modules.create')}
        </button>
      </form>
      <DeadLetters />
    </div>
  );
}

function ScopeChecks({ value, onChange }: { value: string[]; onChange: (scopes: string[]) => void }) {
  const { t } = useTranslation();
  return (
    <fieldset className="field">
      <legend>{t('admin.modules.scopes')}</legend>
      <div className="admin-checks">
        {SCOPES.map((s) => (
          <label key={s} className="check">
            <input type="checkbox" checked={value.includes(s)} onChange={(e) => onChange(e.target.checked ? [...value, s] : value.filter((x) => x !== s))} />
            {s}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** One module: its callback URLs and active flag, its webhook secret (rotation), its API keys (issue, rotate, revoke). */
function ModuleDetail({ module, onChanged }: { module: ModuleClient; onChanged: () => void }) {
  const { t } = useTranslation();
  const keys = useLoad(async () => (await unwrap(api.GET('/api/v1/admin/modules/{id}/keys', { params: { path: { id: module.id } } }))) as unknown as ApiKey[], [module.id]);
  const [urls, setUrls] = useState(module.callbackUrls.join('\n'));
  const [active, setActive] = useState(module.active);
  const [shown, setShown] = useState<{ label: string; value: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const act = useAction();
  const path = { params: { path: { id: module.id } } };

  async function onSave(e: FormEvent) {
    e.preventDefault();
    if (await act.run(async () => void (await unwrap(api.PATCH('/api/v1/admin/modules/{id}', { ...path, body: { callbackUrls: splitUrls(urls), active } }))))) {
      setNotice(t('admin.modules.saved', { name: module.name }));
      onChanged();
    }
  }
  const rotateSecret = () =>
    act.run(async () => {
      const r = (await unwrap(api.POST('/api/v1/admin/modules/{id}/webhook-secret', path))) as unknown as { webhookSecret: string; previousSecretValidUntil: string | null };
      setShown({ label: t('admin.modules.webhookSecretOf', { name: module.name }), value: r.webhookSecret });
      setNotice(r.previousSecretValidUntil ? t('admin.modules.previousSecretUntil', { date: formatDateTime(r.previousSecretValidUntil) }) : null);
    });
  const issue = () =>
    act.run(async () => {
      const k = (await unwrap(api.POST('/api/v1/admin/modules/{id}/keys', { ...path, body: {} }))) as unknown as { key: string };
      setShown({ label: t('admin.modules.keyOf', { name: module.name }), value: k.key });
      setNotice(null);
      keys.reload();
    });
  const rotate = (key: ApiKey) =>
    act.run(async () => {
      const k = (await unwrap(api.POST('/api/v1/admin/modules/{id}/keys/{keyId}/rotate', { params: { path: { id: module.id, keyId: key.id } } }))) as unknown as {
        key: string;
        previous: { expiresAt: string };
      };
      setShown({ label: t('admin.modules.keyOf', { name: module.name }), value: k.key });
      setNotice(t('admin.modules.previousKeyUntil', { prefix: key.prefix, date: formatDateTime(k.previous.expiresAt) }));
      keys.reload();
    });
  const revoke = (key: ApiKey) =>
    act.run(async () => {
      await unwrap(api.DELETE('/api/v1/admin/modules/{id}/keys/{keyId}', { params: { path: { id: module.id, keyId: key.id } } }));
      setShown(null);
      setNotice(t('admin.modules.keyRevoked', { prefix: key.prefix }));
      keys.reload();
    });

  return (
    <section className="card admin-form" aria-labelledby="module-detail-title">
      <h3 id="module-detail-title">{t('admin.modules.detailTitle', { name: module.name })}</h3>
      {shown && <ShownOnce label={shown.label} value={shown.value} />}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {act.error && (
        <p className="error" role="alert">
          {act.error}
        </p>
      )}
      <form onSubmit={onSave}>
        <label className="field">
          <span>
            {t('admin.modules.callbackUrls')} <span className="hint">{t('admin.modules.callbackUrlsHint')}</span>
          </span>
          <textarea value={urls} onChange={(e) => setUrls(e.target.value)} rows={2} spellCheck={false} />
        </label>
        <label className="check">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
          {t('admin.modules.active')}
        </label>
        <div className="admin-actions">
          <button type="submit" className="button primary" disabled={act.busy}>
            {t('app.save')}
          </button>
          <button type="button" className="button secondary" disabled={act.busy} onClick={rotateSecret}>
            {t('admin.modules.rotateSecret')}
          </button>
        </div>
      </form>
      <h4>{t('admin.modules.keys')}</h4>
      <Status error={keys.error} loading={!keys.data} />
      {keys.data && keys.data.length === 0 && <p>{t('admin.modules.noKeys')}</p>}
      {keys.data && keys.data.length > 0 && (
        <ul className="admin-list">
          {keys.data.map((k) => (
            <li key={k.id} className="admin-row key-row">
              <div>
                <code>{k.prefix}…</code> {k.revokedAt && <span className="badge urgent">{t('admin.modules.revokedBadge')}</span>}
                <br />
                <span className="muted">
                  {k.scopes.join(', ')}
                  {k.expiresAt ? ` · ${t('admin.modules.expires', { date: formatDateTime(k.expiresAt) })}` : ''}
                  {k.lastUsedAt ? ` · ${t('admin.modules.lastUsed', { date: formatDateTime(k.lastUsedAt) })}` : ''}
                </span>
              </div>
              {!k.revokedAt && (
                <div className="admin-actions">
                  <button type="button" className="button secondary" disabled={act.busy} onClick={() => rotate(k)} aria-label={t('admin.modules.rotateKeyOf', { prefix: k.prefix })}>
                    {t('admin.modules.rotateKey')}
                  </button>
                  <button type="button" className="button danger" disabled={act.busy} onClick={() => revoke(k)} aria-label={t('admin.modules.revokeKeyOf', { prefix: k.prefix })}>
                    {t('admin.modules.revokeKey')}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="button secondary" disabled={act.busy} onClick={issue}>
        {t('admin.modules.issueKey')}
      </button>
    </section>
  );
}

/** Webhook events no module received after every retry, with a button to send each again. */
function DeadLetters() {
  const { t } = useTranslation();
  const dead = useLoad(async () => (await unwrap(api.GET('/api/v1/admin/webhooks/dead-letters', { params: { query: { page: 1, limit: 50 } } }))) as unknown as { items: DeadLetter[]; total: number });
  const [notice, setNotice] = useState<string | null>(null);
  const act = useAction();
  const resend = (d: DeadLetter) =>
    act.run(async () => {
      await unwrap(api.POST('/api/v1/admin/webhooks/{eventId}/resend', { params: { path: { eventId: d.id } } }));
      setNotice(t('admin.webhooks.resent', { module: d.moduleName }));
      dead.reload();
    });
  return (
    <section aria-labelledby="dead-letters-title">
      <h3 id="dead-letters-title">{t('admin.webhooks.title')}</h3>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {act.error && (
        <p className="error" role="alert">
          {act.error}
        </p>
      )}
      <Status error={dead.error} loading={!dead.data} />
      {dead.data && dead.data.items.length === 0 && <p>{t('admin.webhooks.none')}</p>}
      {dead.data && dead.data.items.length > 0 && (
        <ul className="admin-list">
          {dead.data.items.map((d) => (
            <li key={d.id} className="card admin-row">
              <div>
                <strong>{d.moduleName}</strong> · {d.type}
                <br />
                <span className="muted">
                  {t('admin.webhooks.attempts', { count: d.attempts })} · {formatDateTime(d.deadAt)}
                </span>
                <br />
                <span className="muted break">{d.callbackUrl}</span>
                {d.lastError && (
                  <>
                    <br />
                    <span className="muted break">{d.lastError}</span>
                  </>
                )}
              </div>
              <button type="button" className="button secondary" disabled={act.busy} onClick={() => resend(d)} aria-label={t('admin.webhooks.resendOf', { module: d.moduleName, type: d.type })}>
                {t('admin.webhooks.resend')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
