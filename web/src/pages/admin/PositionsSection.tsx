import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { formatCalendarDate } from '../../format/dates';
import type { Person, Position, Unit } from './types';
import { Status, useAction, useLoad } from './useLoad';

const EMPTY = { code: '', name: '', unitId: '', superiorId: '', isHead: false, canSign: false };

/** Positions (jabatan) by unit, with their holders: create a position, put a person in it, end a holding. */
export function PositionsSection() {
  const { t } = useTranslation();
  const data = useLoad(async () => {
    const [positions, units, people] = await Promise.all([
      unwrap(api.GET('/api/v1/positions')) as unknown as Promise<Position[]>,
      unwrap(api.GET('/api/v1/units')) as unknown as Promise<Unit[]>,
      unwrap(api.GET('/api/v1/people', { params: { query: { limit: 200 } } })) as unknown as Promise<{ items: Person[] }>,
    ]);
    return { positions, units, people: people.items };
  });
  const [form, setForm] = useState(EMPTY);
  const [holderFor, setHolderFor] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const save = useAction();
  const holder = useAction();

  async function onCreate(e: FormEvent) {
    e.preventDefault();
    const body = { code: form.code.trim(), name: form.name.trim(), unitId: form.unitId, superiorId: form.superiorId || null, isHead: form.isHead, canSign: form.canSign };
    if (await save.run(async () => void (await unwrap(api.POST('/api/v1/positions', { body }))))) {
      setNotice(t('admin.positions.created', { name: body.name }));
      setForm(EMPTY);
      data.reload();
    }
  }

  async function addHolder(position: Position) {
    const personId = holderFor[position.id];
    if (!personId) return;
    if (await holder.run(async () => void (await unwrap(api.POST('/api/v1/positions/{id}/holders', { params: { path: { id: position.id } }, body: { personId } }))))) {
      setNotice(t('admin.positions.holderAdded', { position: position.name }));
      data.reload();
    }
  }

  async function endHolder(position: Position, personId: string) {
    if (await holder.run(async () => void (await unwrap(api.DELETE('/api/v1/positions/{id}/holders/{personId}', { params: { path: { id: position.id, personId } } }))))) {
      setNotice(t('admin.positions.holderEnded', { position: position.name }));
      data.reload();
    }
  }

  const units = data.data?.units ?? [];
  const positions = data.data?.positions ?? [];
  return (
    <div>
      <h2>{t('admin.sections.positions')}</h2>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {holder.error && (
        <p className="error" role="alert">
          {holder.error}
        </p>
      )}
      <Status error={data.error} loading={!data.data} />
      {units.map((unit) => {
        const here = positions.filter((p) => p.unitId === unit.id);
        if (here.length === 0) return null;
        return (
          <section key={unit.id} aria-labelledby={`unit-${unit.id}`}>
            <h3 id={`unit-${unit.id}`}>{unit.name}</h3>
            <ul className="admin-list">
              {here.map((p) => (
                <li key={p.id} className="card" data-position={p.code}>
                  <strong>{p.name}</strong> <span className="badge">{p.code}</span>
                  {p.isHead && <span className="badge">{t('admin.positions.head')}</span>}
                  {p.canSign && <span className="badge">{t('admin.positions.signs')}</span>}
                  {p.holders.length === 0 ? (
                    <p className="muted">{t('admin.positions.vacant')}</p>
                  ) : (
                    <ul className="holders">
                      {p.holders.map((h) => (
                        <li key={h.personId}>
                          <span>
                            {h.name} · {t('admin.positions.since', { date: formatCalendarDate(h.startedOn) })}
                          </span>
                          <button type="button" className="button secondary" onClick={() => endHolder(p, h.personId)} disabled={holder.busy} aria-label={t('admin.positions.endHolder', { name: h.name, position: p.name })}>
                            {t('admin.positions.end')}
                          </button>
                        </li>
                      ))}
                    </ul>
                  )}
                  <div className="admin-inline">
                    <label className="field">
                      <span>{t('admin.positions.holderOf', { position: p.name })}</span>
                      <select value={holderFor[p.id] ?? ''} onChange={(e) => setHolderFor({ ...holderFor, [p.id]: e.target.value })}>
                        <option value="">{t('admin.choose')}</option>
                        {(data.data?.people ?? [])
                          .filter((person) => person.active && !p.holders.some((h) => h.personId === person.id))
                          .map((person) => (
                            <option key={person.id} value={person.id}>
                              {person.name}
                            </option>
                          ))}
                      </select>
                    </label>
                    <button type="button" className="button secondary" onClick={() => addHolder(p)} disabled={holder.busy || !holderFor[p.id]} aria-label={t('admin.positions.addHolderTo', { position: p.name })}>
                      {t('admin.positions.addHolder')}
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      <form className="card admin-form" onSubmit={onCreate} aria-labelledby="position-form-title">
        <h3 id="position-form-title">{t('admin.positions.createTitle')}</h3>
        <label className="field">
          <span>{t('admin.positions.name')}</span>
          <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required minLength={2} maxLength={200} />
        </label>
        <label className="field">
          <span>{t('admin.positions.code')}</span>
          <input value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} required pattern="[A-Za-z0-9.\-_]{1,50}" />
        </label>
        <label className="field">
          <span>{t('admin.positions.unit')}</span>
          <select value={form.unitId} onChange={(e) => setForm({ ...form, unitId: e.target.value })} required>
            <option value="">{t('admin.choose')}</option>
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('admin.positions.superior')}</span>
          <select value={form.superiorId} onChange={(e) => setForm({ ...form, superiorId: e.target.value })}>
            <option value="">{t('admin.positions.noSuperior')}</option>
            {positions.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={form.isHead} onChange={(e) => setForm({ ...form, isHead: e.target.checked })} />
          {t('admin.positions.isHead')}
        </label>
        <label className="check">
          <input type="checkbox" checked={form.canSign} onChange={(e) => setForm({ ...form, canSign: e.target.checked })} />
          {t('admin.positions.canSign')}
        </label>
        {save.error && (
          <p className="error" role="alert">
            {save.error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={save.busy}>
          {t('admin.positions.create')}
        </button>
      </form>
    </div>
  );
}
