import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, rawFetch, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import type { components } from '../../api/schema';
import { useUser } from '../../auth/session';
import { formatDate, formatDateTime } from '../../format/dates';
import './disposition.css';

type Disposition = components['schemas']['DispositionViewDto'];
type Instruction = components['schemas']['DispositionInstructionDto'];
type Incoming = components['schemas']['IncomingLetterDto'];
type Position = components['schemas']['PositionEntity'] & { holders?: { name: string }[] };

const OPEN = ['sent', 'read'];

/** The WIB day (YYYY-MM-DD) of an instant. */
function wibDay(at: string | Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));
}

/** The words of the API's refusal: this section's own, else the app's. */
function useExplain() {
  const { t } = useTranslation();
  return useCallback((err: unknown) => (err instanceof ApiError ? t(`disposition.errors.${err.code}`, { defaultValue: errorMessage(t, err) }) : errorMessage(t, err)), [t]);
}

/** The disposition tree and form of an incoming letter, shown on its letter page (issue 14 item 7). */
export function DispositionSection({ letterId }: { letterId: string }) {
  const { t } = useTranslation();
  const user = useUser();
  const explain = useExplain();
  const [letter, setLetter] = useState<Incoming | null>(null);
  const [tree, setTree] = useState<Disposition[] | null>(null);
  const [instructions, setInstructions] = useState<Instruction[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  // The form open: for the addressee's own disposition (parent null) or further down from a received one.
  const [form, setForm] = useState<{ parent: Disposition | null } | null>(null);
  const [notIncoming, setNotIncoming] = useState(false);

  const acting = useMemo(() => [...user.positions.map((p) => p.positionId), ...user.delegations.map((d) => d.positionId)], [user]);

  const load = useCallback(async () => {
    try {
      const [l, d] = await Promise.all([
        unwrap(api.GET('/api/v1/incoming-letters/{id}', { params: { path: { id: letterId } } })),
        unwrap(api.GET('/api/v1/letters/{id}/dispositions', { params: { path: { id: letterId } } })),
      ]);
      setLetter(l);
      setTree(d.dispositions);
      setError(null);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'NOT_AN_INCOMING_LETTER') setNotIncoming(true);
      else setError(explain(err));
    }
  }, [letterId, explain]);

  useEffect(() => {
    void load();
    unwrap(api.GET('/api/v1/disposition-instructions'))
      .then(setInstructions)
      .catch(() => undefined);
  }, [load]);

  const done = useCallback(
    async (text: string) => {
      setForm(null);
      setMessage(text);
      await load();
    },
    [load],
  );

  // Nothing shows until the letter is known to be an incoming one.
  if (notIncoming || (!letter && !error)) return null;

  const addresseePosition = letter?.participants.find((p) => p.role === 'addressee' && acting.includes(p.positionId))?.positionId;
  const mayDispose = Boolean(addresseePosition) && (letter?.state === 'registered' || letter?.state === 'disposed');

  return (
    <section className="disposition" aria-labelledby="disposisi-judul">
      <h2 id="disposisi-judul">{t('disposition.title')}</h2>
      <div aria-live="polite">
        {message && (
          <p className="notice" role="status">
            {message}
          </p>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {mayDispose && !form && (
        <button type="button" className="button primary" onClick={() => (setMessage(null), setForm({ parent: null }))}>
          {t('disposition.dispose')}
        </button>
      )}
      {form && letter && (
        <DispositionForm
          letterId={letterId}
          fromPositionId={form.parent ? form.parent.toPositionId : addresseePosition!}
          parent={form.parent}
          instructions={instructions}
          onSent={() => done(t('disposition.sent'))}
          onCancel={() => setForm(null)}
        />
      )}
      {tree && tree.length === 0 && <p>{t('disposition.none')}</p>}
      {tree && tree.length > 0 && (
        <ul className="disposition-tree" aria-label={t('disposition.treeLabel')}>
          {tree.map((d) => (
            <DispositionNode
              key={d.id}
              d={d}
              acting={acting}
              letterOpen={letter?.state === 'disposed'}
              formOpen={Boolean(form)}
              onFurther={(parent) => (setMessage(null), setForm({ parent }))}
              onChanged={done}
              onError={(text) => (setMessage(null), setError(text))}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function DispositionNode({
  d,
  acting,
  letterOpen,
  formOpen,
  onFurther,
  onChanged,
  onError,
}: {
  d: Disposition;
  acting: string[];
  letterOpen: boolean;
  formOpen: boolean;
  onFurther: (d: Disposition) => void;
  onChanged: (message: string) => Promise<void>;
  onError: (message: string) => void;
}) {
  const { t } = useTranslation();
  const explain = useExplain();
  const [reporting, setReporting] = useState(false);
  const [busy, setBusy] = useState(false);
  const mineToAct = acting.includes(d.toPositionId);
  const mineSent = acting.includes(d.fromPositionId);
  const open = OPEN.includes(d.status);
  const when = { sent: d.createdAt, read: d.readAt, recalled: d.recalledAt, reported: d.reportedAt, done: d.doneAt }[d.status];

  async function act(action: 'recall' | 'done') {
    setBusy(true);
    try {
      if (action === 'recall') await unwrap(api.POST('/api/v1/dispositions/{id}/recall', { params: { path: { id: d.id } } }));
      else await unwrap(api.POST('/api/v1/dispositions/{id}/done', { params: { path: { id: d.id } } }));
      await onChanged(action === 'recall' ? t('disposition.recalled') : t('disposition.markedDone'));
    } catch (err) {
      onError(explain(err));
    } finally {
      setBusy(false);
    }
  }

  const headingId = `disposisi-${d.id}`;
  return (
    <li className={`disposition-item status-${d.status}${d.overdue ? ' late' : ''}`}>
      <article className="card" aria-labelledby={headingId}>
        <h3 id={headingId}>
          {d.toPositionName} <span className="from">{t('disposition.from', { from: d.fromPositionName })}</span>
        </h3>
        <p className="badges">
          <span className={`badge status ${d.status}`}>{t(`disposition.status.${d.status}`, { date: when ? formatDateTime(when) : '' })}</span>
          {d.overdue && <span className="badge urgent">{t('disposition.late')}</span>}
          <span className="due">{d.dueAt ? t('disposition.dueLabel', { date: formatDateTime(d.dueAt) }) : t('disposition.noDue')}</span>
        </p>
        {d.instructions.length > 0 && (
          <p>
            <strong>{t('disposition.instructionsLabel')}</strong> {d.instructions.map((i) => i.label).join(', ')}
          </p>
        )}
        {d.note && (
          <p className="note">
            <strong>{t('disposition.noteLabel')}</strong> {d.note}
          </p>
        )}
        {d.report && (
          <p className="report">
            <strong>{t('disposition.reportLabel')}</strong> {d.report}
          </p>
        )}
        {d.reportAttachmentId && (
          <p>
            <a className="file-link" href={`/api/v1/dispositions/${d.id}/report-attachment`} download>
              {t('disposition.reportFile')}
            </a>
          </p>
        )}
        <div className="actions">
          {mineToAct && open && letterOpen && !formOpen && (
            <button type="button" className="button secondary" onClick={() => onFurther(d)}>
              {t('disposition.disposeFurther')}
            </button>
          )}
          {mineToAct && open && !reporting && (
            <button type="button" className="button secondary" onClick={() => setReporting(true)}>
              {t('disposition.report')}
            </button>
          )}
          {mineToAct && (open || d.status === 'reported') && (
            <button type="button" className="button primary" disabled={busy} onClick={() => void act('done')}>
              {t('disposition.done')}
            </button>
          )}
          {mineSent && d.status === 'sent' && (
            <button type="button" className="button danger" disabled={busy} onClick={() => void act('recall')}>
              {t('disposition.recall')}
            </button>
          )}
        </div>
        {reporting && <ReportForm d={d} onSent={() => (setReporting(false), onChanged(t('disposition.reported')))} onCancel={() => setReporting(false)} />}
      </article>
      {d.children.length > 0 && (
        <ul>
          {d.children.map((c) => (
            <DispositionNode key={c.id} d={c} acting={acting} letterOpen={letterOpen} formOpen={formOpen} onFurther={onFurther} onChanged={onChanged} onError={onError} />
          ))}
        </ul>
      )}
    </li>
  );
}

function ReportForm({ d, onSent, onCancel }: { d: Disposition; onSent: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const explain = useExplain();
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<{ text?: string; file?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLTextAreaElement>(null);
  useEffect(() => first.current?.focus(), []);
  const id = `laporan-${d.id}`;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const found: typeof errors = {};
    if (text.trim().length < 3) found.text = t('disposition.fieldErrors.reportText');
    if (file && !(file.type === 'application/pdf' || /\.pdf$/i.test(file.name))) found.file = t('disposition.fieldErrors.reportFileNotPdf');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const body = new FormData();
    body.set('text', text.trim());
    if (file) body.set('attachment', file, file.name);
    setBusy(true);
    try {
      await rawFetch(`/api/v1/dispositions/${d.id}/report`, { method: 'POST', body });
      onSent();
    } catch (err) {
      const code = err instanceof ApiError ? err.code : '';
      if (['NOT_A_PDF', 'PDF_EMPTY', 'PDF_ENCRYPTED', 'PDF_TRUNCATED', 'PDF_TOO_LARGE', 'PAYLOAD_TOO_LARGE'].includes(code)) setErrors({ file: t('disposition.fieldErrors.reportFileDamaged') });
      else setErrors({ form: explain(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="report-form" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-judul`}>
      <h4 id={`${id}-judul`}>{t('disposition.reportTitle')}</h4>
      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-isi`}>{t('disposition.reportText')}</label>
        <textarea
          ref={first}
          id={`${id}-isi`}
          value={text}
          maxLength={4000}
          onChange={(e) => setText(e.target.value)}
          aria-invalid={errors.text ? true : undefined}
          aria-describedby={errors.text ? `${id}-isi-error` : undefined}
        />
        {errors.text && (
          <span className="field-error" id={`${id}-isi-error`}>
            {errors.text}
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('disposition.reportAttachment')}</label>
        <input
          id={`${id}-file`}
          type="file"
          accept="application/pdf,.pdf"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          aria-invalid={errors.file ? true : undefined}
          aria-describedby={errors.file ? `${id}-file-error` : undefined}
        />
        {errors.file && (
          <span className="field-error" id={`${id}-file-error`}>
            {errors.file}
          </span>
        )}
      </div>
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? t('disposition.sending') : t('disposition.reportSend')}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('disposition.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Positions below `from` (any depth), nearest first, each once. */
function below(positions: Position[], from: string): Position[] {
  const byId = new Map(positions.map((p) => [p.id, p]));
  // Steps up the chain of superiors from p to `from`, or 0 when the chain never reaches it.
  const depth = (p: Position): number => {
    let up = p.superiorId ? byId.get(p.superiorId) : undefined;
    for (let n = 1; up && n <= 30; n++) {
      if (up.id === from) return n;
      up = up.superiorId ? byId.get(up.superiorId) : undefined;
    }
    return 0;
  };
  return positions
    .map((p) => ({ p, d: depth(p) }))
    .filter((x) => x.d > 0)
    .sort((a, b) => a.d - b.d || a.p.name.localeCompare(b.p.name, 'id'))
    .map((x) => x.p);
}

function DispositionForm({
  letterId,
  fromPositionId,
  parent,
  instructions,
  onSent,
  onCancel,
}: {
  letterId: string;
  fromPositionId: string;
  parent: Disposition | null;
  instructions: Instruction[];
  onSent: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const explain = useExplain();
  const [positions, setPositions] = useState<Position[] | null>(null);
  const [to, setTo] = useState<string[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [note, setNote] = useState('');
  const parentDay = parent?.dueAt ? wibDay(parent.dueAt) : '';
  const [due, setDue] = useState(parentDay);
  const [errors, setErrors] = useState<{ to?: string; due?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
    unwrap(api.GET('/api/v1/positions'))
      .then((list) => setPositions(list as Position[]))
      .catch((err) => setErrors({ form: explain(err) }));
  }, [explain]);

  const targets = useMemo(() => (positions ? below(positions, fromPositionId) : []), [positions, fromPositionId]);
  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((v) => v !== value));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const found: typeof errors = {};
    if (to.length === 0) found.to = t('disposition.fieldErrors.to');
    if (due && due < wibDay(new Date())) found.due = t('disposition.fieldErrors.duePast');
    else if (due && parentDay && due > parentDay) found.due = t('disposition.fieldErrors.dueAfterParent', { date: formatDate(parent!.dueAt!) });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    // The end of the chosen WIB day, or the parent's own moment on its day (never later than it).
    const dueAt = !due ? undefined : due === parentDay ? parent!.dueAt! : `${due}T23:59:59+07:00`;
    setBusy(true);
    try {
      await unwrap(
        api.POST('/api/v1/letters/{id}/dispositions', {
          params: { path: { id: letterId } },
          body: { toPositionIds: to, instructions: chosen, ...(note.trim() ? { note: note.trim() } : {}), ...(dueAt ? { dueAt } : {}), ...(parent ? { parentDispositionId: parent.id } : {}) },
        }),
      );
      onSent();
    } catch (err) {
      const code = err instanceof ApiError ? err.code : '';
      if (code === 'DUE_DATE_IN_PAST') setErrors({ due: t('disposition.fieldErrors.duePast') });
      else if (code === 'DUE_AFTER_PARENT') setErrors({ due: t('disposition.fieldErrors.dueAfterParent', { date: parent?.dueAt ? formatDate(parent.dueAt) : '' }) });
      else if (code === 'NOT_A_SUBORDINATE' || code === 'POSITION_NOT_FOUND') setErrors({ to: explain(err) });
      else setErrors({ form: explain(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card disposition-form" onSubmit={onSubmit} noValidate aria-labelledby="disposisi-form-judul">
      <h3 id="disposisi-form-judul" ref={heading} tabIndex={-1}>
        {parent ? t('disposition.formTitleFurther', { from: parent.fromPositionName }) : t('disposition.formTitle')}
      </h3>
      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
      <fieldset className="field" aria-describedby={errors.to ? 'disposisi-kepada-hint disposisi-kepada-error' : 'disposisi-kepada-hint'}>
        <legend>{t('disposition.to')}</legend>
        <span className="hint" id="disposisi-kepada-hint">
          {t('disposition.toHint')}
        </span>
        {!positions && <span className="loading">{t('app.loading')}</span>}
        {targets.map((p) => (
          <label key={p.id} className="check">
            <input type="checkbox" checked={to.includes(p.id)} onChange={(e) => (setTo(toggle(to, p.id, e.target.checked)), setErrors(({ to: _, ...rest }) => rest))} />
            <span>
              {p.name}
              {p.holders?.[0] && <span className="holder"> · {p.holders[0].name}</span>}
            </span>
          </label>
        ))}
        {errors.to && (
          <span className="field-error" id="disposisi-kepada-error">
            {errors.to}
          </span>
        )}
      </fieldset>
      <fieldset className="field">
        <legend>{t('disposition.instructions')}</legend>
        {instructions.map((i) => (
          <label key={i.key} className="check">
            <input type="checkbox" checked={chosen.includes(i.key)} onChange={(e) => setChosen(toggle(chosen, i.key, e.target.checked))} />
            <span>{i.label}</span>
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="disposisi-catatan">{t('disposition.note')}</label>
        <textarea id="disposisi-catatan" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="disposisi-batas">{t('disposition.dueAt')}</label>
        <span className="hint" id="disposisi-batas-hint">
          {parent?.dueAt ? t('disposition.dueInherited', { date: formatDateTime(parent.dueAt) }) : t('disposition.dueHint')}
        </span>
        <input
          id="disposisi-batas"
          type="date"
          value={due}
          min={wibDay(new Date())}
          max={parentDay || undefined}
          onChange={(e) => (setDue(e.target.value), setErrors(({ due: _, ...rest }) => rest))}
          aria-invalid={errors.due ? true : undefined}
          aria-describedby={errors.due ? 'disposisi-batas-hint disposisi-batas-error' : 'disposisi-batas-hint'}
        />
        {errors.due && (
          <span className="field-error" id="disposisi-batas-error">
            {errors.due}
          </span>
        )}
      </div>
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? t('disposition.sending') : t('disposition.send')}
        </button>
        <button type="button" className="button secondary" onClick={onCancel}>
          {t('disposition.cancel')}
        </button>
      </div>
    </form>
  );
}
