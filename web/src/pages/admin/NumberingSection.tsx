import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { SCOPE_KEYS, SIFAT, type NumberFormat, type Unit } from './types';
import { Status, useAction, useLoad } from './useLoad';

type Preview = components['schemas']['NumberPreviewDto'];

/** Number formats: each pattern and counter scope, editable, with a preview of the next number before and after a change. */
export function NumberingSection() {
  const { t } = useTranslation();
  const data = useLoad(async () => {
    const [config, units] = await Promise.all([
      unwrap(api.GET('/api/v1/admin/numbering/formats')) as unknown as Promise<{ formats: NumberFormat[] }>,
      unwrap(api.GET('/api/v1/units')) as unknown as Promise<Unit[]>,
    ]);
    return { formats: config.formats, units };
  });
  return (
    <div>
      <h2>{t('admin.sections.numbering')}</h2>
      <p className="muted">{t('admin.numbering.intro')}</p>
      <Status error={data.error} loading={!data.data} />
      {data.data?.formats.map((f) => <FormatCard key={f.key} format={f} units={data.data!.units} onSaved={data.reload} />)}
    </div>
  );
}

function FormatCard({ format, units, onSaved }: { format: NumberFormat; units: Unit[]; onSaved: () => void }) {
  const { t } = useTranslation();
  const [pattern, setPattern] = useState(format.pattern);
  const [scope, setScope] = useState<string[]>(format.scope);
  const [facts, setFacts] = useState({ type: format.types[0], unitId: units[0]?.id ?? '', classificationCode: '000.8.3.3', sifat: 'biasa' });
  const [preview, setPreview] = useState<Preview | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const look = useAction();
  const save = useAction();
  const id = `format-${format.key}`;

  async function onPreview() {
    setPreview(null);
    await look.run(async () => {
      const query = {
        type: facts.type,
        ...(facts.unitId ? { unitId: facts.unitId } : {}),
        ...(facts.classificationCode.trim() ? { classificationCode: facts.classificationCode.trim() } : {}),
        sifat: facts.sifat as (typeof SIFAT)[number],
        pattern,
        scope,
      };
      setPreview(await unwrap(api.GET('/api/v1/admin/numbering/formats/{key}/preview', { params: { path: { key: format.key }, query } })));
    });
  }

  async function onSave(e: FormEvent) {
    e.preventDefault();
    setNotice(null);
    if (await save.run(async () => void (await unwrap(api.PUT('/api/v1/admin/numbering/formats/{key}', { params: { path: { key: format.key } }, body: { pattern, scope } }))))) {
      setNotice(t('admin.numbering.saved', { label: format.label }));
      onSaved();
    }
  }

  return (
    <form className="card admin-form" onSubmit={onSave} aria-labelledby={`${id}-title`} data-format={format.key}>
      <h3 id={`${id}-title`}>
        {format.label} <span className="badge">{format.key}</span>
      </h3>
      <p className="muted">
        {t('admin.numbering.types', { types: format.types.join(', ') })} · {t(format.source === 'file' ? 'admin.numbering.fromFile' : 'admin.numbering.fromAdmin')}
      </p>
      <label className="field">
        <span>
          {t('admin.numbering.pattern', { label: format.label })} <span className="hint">{t('admin.numbering.patternHint')}</span>
        </span>
        <input value={pattern} onChange={(e) => setPattern(e.target.value)} required maxLength={100} spellCheck={false} />
      </label>
      <fieldset className="field">
        <legend>{t('admin.numbering.scope')}</legend>
        <div className="admin-checks">
          {SCOPE_KEYS.map((k) => (
            <label key={k} className="check">
              <input type="checkbox" checked={scope.includes(k)} onChange={(e) => setScope(e.target.checked ? [...scope, k] : scope.filter((s) => s !== k))} />
              {t(`admin.numbering.scopes.${k}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="field admin-preview">
        <legend>{t('admin.numbering.previewTitle')}</legend>
        <div className="admin-inline">
          <label className="field">
            <span>{t('admin.numbering.type')}</span>
            <select value={facts.type} onChange={(e) => setFacts({ ...facts, type: e.target.value })}>
              {format.types.map((ty) => (
                <option key={ty} value={ty}>
                  {ty}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('admin.numbering.unit')}</span>
            <select value={facts.unitId} onChange={(e) => setFacts({ ...facts, unitId: e.target.value })}>
              {units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('admin.numbering.classification')}</span>
            <input value={facts.classificationCode} onChange={(e) => setFacts({ ...facts, classificationCode: e.target.value })} maxLength={20} />
          </label>
          <label className="field">
            <span>{t('admin.numbering.sifat')}</span>
            <select value={facts.sifat} onChange={(e) => setFacts({ ...facts, sifat: e.target.value })}>
              {SIFAT.map((s) => (
                <option key={s} value={s}>
                  {t(`labels.sifat.${s}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <button type="button" className="button secondary" onClick={onPreview} disabled={look.busy} aria-label={t('admin.numbering.previewOf', { label: format.label })}>
          {t('admin.numbering.preview')}
        </button>
        <div aria-live="polite">
          {preview && (
            <p className="notice">
              {t('admin.numbering.next')} <output className="next-number">{preview.number}</output>
            </p>
          )}
          {look.error && <p className="error">{look.error}</p>}
        </div>
      </fieldset>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {save.error && (
        <p className="error" role="alert">
          {save.error}
        </p>
      )}
      <button type="submit" className="button primary" disabled={save.busy} aria-label={t('admin.numbering.saveOf', { label: format.label })}>
        {t('app.save')}
      </button>
    </form>
  );
}
