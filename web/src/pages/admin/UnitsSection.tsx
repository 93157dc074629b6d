import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, rawFetch, unwrap } from '../../api/client';
import type { Unit } from './types';
import { Status, useAction, useLoad } from './useLoad';

const EMPTY = { code: '', name: '', parentId: '', lines: '', address: '' };

/** Units: the list, a form that creates or changes one (with its kop surat lines), and the letterhead logo. */
export function UnitsSection() {
  const { t } = useTranslation();
  const units = useLoad(async () => (await unwrap(api.GET('/api/v1/units'))) as unknown as Unit[]);
  const [editing, setEditing] = useState<Unit | null>(null);
  const [form, setForm] = useState(EMPTY);
  const [notice, setNotice] = useState<string | null>(null);
  const save = useAction();
  const logo = useAction();
  const [logoVersion, setLogoVersion] = useState(0);
  const byId = new Map((units.data ?? []).map((u) => [u.id, u]));

  function edit(unit: Unit | null) {
    setEditing(unit);
    setNotice(null);
    save.clear();
    setForm(unit ? { code: unit.code, name: unit.name, parentId: unit.parentId ?? '', lines: (unit.letterhead?.lines ?? []).join('\n'), address: unit.letterhead?.address ?? '' } : EMPTY);
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const lines = form.lines.split('\n').map((l) => l.trim()).filter(Boolean);
    const body = {
      code: form.code.trim(),
      name: form.name.trim(),
      parentId: form.parentId || null,
      letterhead: lines.length > 0 || form.address.trim() ? { lines, ...(form.address.trim() ? { address: form.address.trim() } : {}) } : null,
    };
    const ok = await save.run(async () => {
      if (editing) await unwrap(api.PATCH('/api/v1/units/{id}', { params: { path: { id: editing.id } }, body }));
      else await unwrap(api.POST('/api/v1/units', { body }));
    });
    if (ok) {
      setNotice(t(editing ? 'admin.units.updated' : 'admin.units.created', { name: body.name }));
      edit(null);
      units.reload();
    }
  }

  async function onLogo(e: FormEvent<HTMLFormElement>, unit: Unit) {
    e.preventDefault();
    const file = (e.currentTarget.elements.namedItem('logo') as HTMLInputElement).files?.[0];
    if (!file) return;
    const data = new FormData();
    data.append('logo', file);
    const ok = await logo.run(async () => {
      await rawFetch(`/api/v1/units/${unit.id}/logo`, { method: 'PUT', body: data });
    });
    if (ok) {
      setNotice(t('admin.units.logoSaved', { name: unit.name }));
      setLogoVersion((v) => v + 1);
      units.reload();
    }
  }

  return (
    <div>
      <h2>{t('admin.sections.units')}</h2>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <Status error={units.error} loading={!units.data} />
      {units.data && (
        <ul className="admin-list">
          {units.data.map((u) => (
            <li key={u.id} className="card">
              <div className="admin-row">
                {u.letterhead?.logoObjectId && <img className="unit-logo" src={`/api/v1/units/${u.id}/logo?v=${logoVersion}`} alt={t('admin.units.logoOf', { name: u.name })} />}
                <div>
                  <strong>{u.name}</strong> <span className="badge">{u.code}</span>
                  <br />
                  <span className="muted">{u.parentId ? t('admin.units.under', { name: byId.get(u.parentId)?.name ?? '' }) : t('admin.units.top')}</span>
                </div>
                <button type="button" className="button secondary" onClick={() => edit(u)} aria-label={t('admin.units.editOf', { name: u.name })}>
                  {t('admin.edit')}
                </button>
              </div>
              <form className="admin-inline" onSubmit={(e) => onLogo(e, u)}>
                <label className="field">
                  <span>{t('admin.units.logo', { name: u.name })}</span>
                  <input type="file" name="logo" accept="image/png" />
                </label>
                <button type="submit" className="button secondary" disabled={logo.busy}>
                  {t('admin.units.uploadLogo')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      {logo.error && (
        <p className="error" role="alert">
          {logo.error}
        </p>
      )}
      <form className="card admin-form" onSubmit={onSubmit} aria-labelledby="unit-form-title">
        <h3 id="unit-form-title">{editing ? t('admin.units.editTitle', { name: editing.name }) : t('admin.units.createTitle')}</h3>
        <label className="field">
          <span>{t('admin.units.name')}</span>
          <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required minLength={2} maxLength={200} />
        </label>
        <label className="field">
          <span>{t('admin.units.code')}</span>
          <input value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} required pattern="[A-Za-z0-9.\-]{1,50}" />
        </label>
        <label className="field">
          <span>{t('admin.units.parent')}</span>
          <select value={form.parentId} onChange={(e) => setForm({ ...form, parentId: e.target.value })}>
            <option value="">{t('admin.units.noParent')}</option>
            {(units.data ?? [])
              .filter((u) => u.id !== editing?.id)
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
          </select>
        </label>
        <label className="field">
          <span>
            {t('admin.units.lines')} <span className="hint">{t('admin.units.linesHint')}</span>
          </span>
          <textarea value={form.lines} onChange={(e) => setForm({ ...form, lines: e.target.value })} rows={3} />
        </label>
        <label className="field">
          <span>{t('admin.units.address')}</span>
          <input value={form.address} onChange={(e) => setForm({ ...form, address: e.target.value })} maxLength={300} />
        </label>
        {save.error && (
          <p className="error" role="alert">
            {save.error}
          </p>
        )}
        <div className="admin-actions">
          <button type="submit" className="button primary" disabled={save.busy}>
            {t('app.save')}
          </button>
          {editing && (
            <button type="button" className="button secondary" onClick={() => edit(null)}>
              {t('app.cancel')}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
