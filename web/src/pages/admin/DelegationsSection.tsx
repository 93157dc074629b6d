import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { formatDateTime } from '../../format/dates';
import type { Delegation, Person, Position } from './types';
import { Status, useAction, useLoad } from './useLoad';

/** Today in WIB as YYYY-MM-DD, the value of a date field. */
const todayWib = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/** A start date as an instant: now when it is today (the holder may have been appointed today), else 00.00 WIB. */
const startInstant = (date: string) => (date === todayWib() ? new Date().toISOString() : `${date}T00:00:00+07:00`);
/** An end date as the last second of that day in WIB. */
const endInstant = (date: string) => `${date}T23:59:59+07:00`;

const EMPTY = { kind: 'plh' as 'plt' | 'plh', personId: '', positionId: '', startsOn: '', endsOn: '', reason: '' };

/** Plt/Plh: who acts for which position and when; appoint one, revoke one. */
export function DelegationsSection() {
  const { t } = useTranslation();
  const [activeOnly, setActiveOnly] = useState(true);
  const data = useLoad(async () => {
    const [delegations, positions, people] = await Promise.all([
      unwrap(api.GET('/api/v1/delegations', { params: { query: { active: activeOnly } } })) as unknown as Promise<Delegation[]>,
      unwrap(api.GET('/api/v1/positions')) as unknown as Promise<Position[]>,
      unwrap(api.GET('/api/v1/people', { params: { query: { limit: 200 } } })) as unknown as Promise<{ items: Person[] }>,
    ]);
    return { delegations, positions, people: people.items };
  }, [activeOnly]);
  const [form, setForm] = useState({ ...EMPTY, startsOn: todayWib(), endsOn: todayWib() });
  const [notice, setNotice] = useState<string | null>(null);
  const save = useAction();
  const revoke = useAction();
  const position = new Map((data.data?.positions ?? []).map((p) => [p.id, p]));
  const person = new Map((data.data?.people ?? []).map((p) => [p.id, p]));

  async function onCreate(e: FormEvent) {
    e.preventDefault();
    const body = {
      kind: form.kind,
      personId: form.personId,
      positionId: form.positionId,
      startsAt: startInstant(form.startsOn),
      endsAt: endInstant(form.endsOn),
      ...(form.reason.trim() ? { reason: form.reason.trim() } : {}),
    };
    if (await save.run(async () => void (await unwrap(api.POST('/api/v1/delegations', { body }))))) {
      setNotice(t('admin.delegations.created', { kind: t(`admin.delegations.kinds.${form.kind}`), name: person.get(form.personId)?.name ?? '', position: position.get(form.positionId)?.name ?? '' }));
      setForm({ ...EMPTY, startsOn: todayWib(), endsOn: todayWib() });
      data.reload();
    }
  }

  async function onRevoke(d: Delegation) {
    if (await revoke.run(async () => void (await unwrap(api.DELETE('/api/v1/delegations/{id}', { params: { path: { id: d.id } } }))))) {
      setNotice(t('admin.delegations.revoked'));
      data.reload();
    }
  }

  return (
    <div>
      <h2>{t('admin.sections.delegations')}</h2>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <label className="check">
        <input type="checkbox" checked={activeOnly} onChange={(e) => setActiveOnly(e.target.checked)} />
        {t('admin.delegations.activeOnly')}
      </label>
      {revoke.error && (
        <p className="error" role="alert">
          {revoke.error}
        </p>
      )}
      <Status error={data.error} loading={!data.data} />
      {data.data && data.data.delegations.length === 0 && <p>{t('admin.delegations.none')}</p>}
      {data.data && data.data.delegations.length > 0 && (
        <ul className="admin-list">
          {data.data.delegations.map((d) => {
            const who = person.get(d.personId)?.name ?? d.personId;
            const where = position.get(d.positionId)?.name ?? d.positionId;
            return (
              <li key={d.id} className="card admin-row" data-delegation={d.id}>
                <div>
                  <span className="badge">{t(`admin.delegations.kinds.${d.kind}`)}</span> <strong>{who}</strong> {t('admin.delegations.for')} <strong>{where}</strong>
                  {d.revokedAt && <span className="badge urgent">{t('admin.delegations.revokedBadge')}</span>}
                  <br />
                  <span className="muted">{t('admin.delegations.period', { from: formatDateTime(d.startsAt), to: formatDateTime(d.endsAt) })}</span>
                  {d.reason && (
                    <>
                      <br />
                      <span className="muted">{d.reason}</span>
                    </>
                  )}
                </div>
                {!d.revokedAt && (
                  <button type="button" className="button secondary" disabled={revoke.busy} onClick={() => onRevoke(d)} aria-label={t('admin.delegations.revokeOf', { name: who, position: where })}>
                    {t('admin.delegations.revoke')}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <form className="card admin-form" onSubmit={onCreate} aria-labelledby="delegation-form-title">
        <h3 id="delegation-form-title">{t('admin.delegations.createTitle')}</h3>
        <fieldset className="field">
          <legend>{t('admin.delegations.kind')}</legend>
          {(['plh', 'plt'] as const).map((k) => (
            <label key={k} className="check">
              <input type="radio" name="kind" value={k} checked={form.kind === k} onChange={() => setForm({ ...form, kind: k })} />
              {t(`admin.delegations.kindsLong.${k}`)}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>{t('admin.delegations.position')}</span>
          <select value={form.positionId} onChange={(e) => setForm({ ...form, positionId: e.target.value })} required>
            <option value="">{t('admin.choose')}</option>
            {(data.data?.positions ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.holders.length === 0 ? ` (${t('admin.positions.vacant')})` : ` (${p.holders.map((h) => h.name).join(', ')})`}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('admin.delegations.person')}</span>
          <select value={form.personId} onChange={(e) => setForm({ ...form, personId: e.target.value })} required>
            <option value="">{t('admin.choose')}</option>
            {(data.data?.people ?? [])
              .filter((p) => p.active)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
          </select>
        </label>
        <div className="admin-inline">
          <label className="field">
            <span>{t('admin.delegations.startsOn')}</span>
            <input type="date" value={form.startsOn} onChange={(e) => setForm({ ...form, startsOn: e.target.value })} required />
          </label>
          <label className="field">
            <span>{t('admin.delegations.endsOn')}</span>
            <input type="date" value={form.endsOn} min={form.startsOn} onChange={(e) => setForm({ ...form, endsOn: e.target.value })} required />
          </label>
        </div>
        <label className="field">
          <span>
            {t('admin.delegations.reason')} <span className="hint">{t('admin.delegations.reasonHint')}</span>
          </span>
          <input value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} maxLength={300} />
        </label>
        {save.error && (
          <p className="error" role="alert">
            {save.error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={save.busy}>
          {t('admin.delegations.create')}
        </button>
      </form>
    </div>
  );
}
