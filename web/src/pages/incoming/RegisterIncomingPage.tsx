import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, ApiError, rawFetch, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import type { components } from '../../api/schema';
import { paths } from '../../app/routes';
import { useUser } from '../../auth/session';
import { formatCalendarDate } from '../../format/dates';
import './incoming.css';

type IncomingLetter = components['schemas']['IncomingLetterDto'];
type Position = components['schemas']['PositionEntity'] & { holders?: { name: string }[] };

const SIFAT = ['biasa', 'terbatas', 'rahasia', 'sangat_rahasia'] as const;
const URGENCY = ['biasa', 'segera', 'sangat_segera'] as const;
/** The server's default UPLOAD_LIMIT_BYTES; a larger limit still gets the server's own answer. */
const MAX_MB = 20;

type Field = 'senderName' | 'senderNumber' | 'senderDate' | 'subject' | 'addressee' | 'scan' | 'classificationCode';
type FieldErrors = Partial<Record<Field, string>>;

interface Duplicate {
  letterId: string;
  agendaNumber: string;
}

/** Today in WIB as YYYY-MM-DD, the latest date a received letter can carry. */
function todayWib(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** How a position reads in the Tujuan list: the jabatan, and who holds it. */
function positionLabel(p: Position): string {
  const holder = p.holders?.[0]?.name;
  return holder ? `${p.name} (${holder})` : p.name;
}

const FIELD_OF: Record<string, Field> = {
  senderName: 'senderName',
  senderNumber: 'senderNumber',
  senderDate: 'senderDate',
  subject: 'subject',
  addresseePositionId: 'addressee',
  classificationCode: 'classificationCode',
  scan: 'scan',
};

/** A labelled field with its hint and its error, each tied to the control by id. */
function FormField({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {children}
      {error && (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** Surat masuk, registered by TU with its scan: the agenda number after saving, a duplicate flagged before. */
export default function RegisterIncomingPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [positions, setPositions] = useState<Position[]>([]);
  const [senderName, setSenderName] = useState('');
  const [senderNumber, setSenderNumber] = useState('');
  const [senderDate, setSenderDate] = useState('');
  const [subject, setSubject] = useState('');
  const [sifat, setSifat] = useState<string>('biasa');
  const [urgency, setUrgency] = useState<string>('biasa');
  const [classificationCode, setClassificationCode] = useState('');
  const [addressee, setAddressee] = useState('');
  const [scan, setScan] = useState<File | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [duplicate, setDuplicate] = useState<Duplicate | null>(null);
  const [saved, setSaved] = useState<IncomingLetter | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  const result = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = `${t('incoming.form.title')} · ${t('app.name')}`;
  }, [t]);

  useEffect(() => {
    let live = true;
    unwrap(api.GET('/api/v1/positions'))
      .then((list) => {
        if (!live) return;
        const all = list as Position[];
        setPositions(all);
        // Most letters go to the head of the registrar's unit: offer that position first.
        const unitId = user.positions[0]?.unitId;
        const head = all.find((p) => p.unitId === unitId && p.isHead);
        if (head) setAddressee((current) => current || positionLabel(head));
      })
      .catch((err) => live && setFormError(errorMessage(t, err)));
    return () => {
      live = false;
    };
  }, [t, user.positions]);

  const labels = useMemo(() => new Map(positions.map((p) => [positionLabel(p), p])), [positions]);

  function validate(): FieldErrors {
    const e: FieldErrors = {};
    if (senderName.trim().length < 2) e.senderName = t('incoming.form.fieldErrors.senderName');
    if (senderNumber.trim().length < 1) e.senderNumber = t('incoming.form.fieldErrors.senderNumber');
    if (!senderDate) e.senderDate = t('incoming.form.fieldErrors.senderDate');
    else if (senderDate > todayWib()) e.senderDate = t('incoming.form.fieldErrors.senderDateFuture');
    if (subject.trim().length < 3) e.subject = t('incoming.form.fieldErrors.subject');
    if (!labels.get(addressee.trim())) e.addressee = t('incoming.form.fieldErrors.addressee');
    if (!scan) e.scan = t('incoming.form.fieldErrors.scanMissing');
    else if (!(scan.type === 'application/pdf' || /\.pdf$/i.test(scan.name))) e.scan = t('incoming.form.fieldErrors.scanNotPdf');
    else if (scan.size > MAX_MB * 1024 * 1024) e.scan = t('incoming.form.fieldErrors.scanTooLarge', { mb: MAX_MB });
    return e;
  }

  /** The API's refusal, next to the field it is about. */
  function explain(err: unknown): void {
    if (!(err instanceof ApiError)) {
      setFormError(errorMessage(t, err));
      return;
    }
    const scanErrors: Record<string, string> = {
      SCAN_REQUIRED: t('incoming.form.fieldErrors.scanMissing'),
      NOT_A_PDF: t('incoming.form.fieldErrors.scanNotPdf'),
      ATTACHMENT_TYPE_NOT_ALLOWED: t('incoming.form.fieldErrors.scanNotPdf'),
      PDF_TOO_LARGE: t('incoming.form.fieldErrors.scanTooLarge', { mb: MAX_MB }),
      PAYLOAD_TOO_LARGE: t('incoming.form.fieldErrors.scanTooLarge', { mb: MAX_MB }),
      PDF_EMPTY: t('incoming.form.fieldErrors.scanDamaged'),
      PDF_ENCRYPTED: t('incoming.form.fieldErrors.scanDamaged'),
      PDF_TRUNCATED: t('incoming.form.fieldErrors.scanDamaged'),
    };
    if (scanErrors[err.code]) {
      setErrors({ scan: scanErrors[err.code] });
      return;
    }
    if (err.code === 'SENDER_DATE_IN_FUTURE') {
      setErrors({ senderDate: t('incoming.form.fieldErrors.senderDateFuture') });
      return;
    }
    if (err.code === 'ADDRESSEE_NOT_FOUND') {
      setErrors({ addressee: t('incoming.form.fieldErrors.addressee') });
      return;
    }
    if (err.code === 'VALIDATION_FAILED' && Array.isArray(err.details)) {
      const e: FieldErrors = {};
      for (const d of err.details as { field?: string }[]) {
        const field = d.field ? FIELD_OF[d.field] : undefined;
        if (!field) continue;
        e[field] = field === 'classificationCode' ? t('incoming.form.fieldErrors.classification') : t(`incoming.form.fieldErrors.${field}`, { defaultValue: t('incoming.form.fieldErrors.invalid') });
      }
      if (Object.keys(e).length > 0) {
        setErrors(e);
        return;
      }
    }
    setFormError(t(`incoming.form.errors.${err.code}`, { defaultValue: errorMessage(t, err) }));
  }

  async function save(confirmDuplicate: boolean) {
    const position = labels.get(addressee.trim());
    if (!position || !scan) return;
    const form = new FormData();
    form.set('senderName', senderName.trim());
    form.set('senderNumber', senderNumber.trim());
    form.set('senderDate', senderDate);
    form.set('subject', subject.trim());
    form.set('sifat', sifat);
    form.set('urgency', urgency);
    if (classificationCode.trim()) form.set('classificationCode', classificationCode.trim());
    form.set('addresseePositionId', position.id);
    if (confirmDuplicate) form.set('confirmDuplicate', 'true');
    form.set('scan', scan, scan.name);
    setBusy(true);
    setFormError(null);
    try {
      const res = await rawFetch('/api/v1/incoming-letters', { method: 'POST', body: form });
      setSaved((await res.json()) as IncomingLetter);
      setDuplicate(null);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'DUPLICATE_INCOMING') {
        const d = err.details as { letterId: string; agendaNumber: string };
        setDuplicate({ letterId: d.letterId, agendaNumber: d.agendaNumber });
      } else explain(err);
    } finally {
      setBusy(false);
    }
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    setDuplicate(null);
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    await save(false);
  }

  useEffect(() => {
    if (saved) result.current?.focus();
  }, [saved]);

  useEffect(() => {
    if (duplicate) document.getElementById('duplikat')?.focus();
  }, [duplicate]);

  function reset() {
    setSaved(null);
    setSenderName('');
    setSenderNumber('');
    setSenderDate('');
    setSubject('');
    setClassificationCode('');
    setScan(null);
    setErrors({});
    if (fileInput.current) fileInput.current.value = '';
  }

  if (saved) {
    const to = labels.get(addressee.trim());
    return (
      <section className="incoming-saved card" aria-labelledby="tersimpan">
        <h1 id="tersimpan" ref={result} tabIndex={-1}>
          {t('incoming.form.savedTitle')}
        </h1>
        <p className="agenda-number" role="status">
          {t('incoming.form.savedAgenda', { number: saved.incoming.agendaNumber })}
        </p>
        <p>{saved.subject}</p>
        {to && <p>{t('incoming.form.savedBody', { to: to.name })}</p>}
        <div className="actions">
          <Link className="button primary" to={paths.letter(saved.id)}>
            {t('incoming.form.open')}
          </Link>
          <button type="button" className="button secondary" onClick={reset}>
            {t('incoming.form.another')}
          </button>
        </div>
      </section>
    );
  }

  const fieldProps = (field: Field, hint = false) => ({
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': [hint ? `${field}-hint` : '', errors[field] ? `${field}-error` : ''].filter(Boolean).join(' ') || undefined,
  });
  const hasErrors = Object.keys(errors).length > 0;

  return (
    <section className="incoming-register">
      <h1>{t('incoming.form.title')}</h1>
      <p>{t('incoming.form.intro')}</p>
      <div ref={summary} tabIndex={-1} aria-live="polite">
        {hasErrors && (
          <p className="error" role="alert">
            {t('incoming.form.errorSummary')}
          </p>
        )}
        {formError && (
          <p className="error" role="alert">
            {formError}
          </p>
        )}
      </div>
      {duplicate && (
        <div className="warning duplicate" id="duplikat" tabIndex={-1} role="group" aria-labelledby="duplikat-judul" aria-describedby="duplikat-isi">
          <h2 id="duplikat-judul">{t('incoming.form.duplicateTitle')}</h2>
          <p id="duplikat-isi">
            {t('incoming.form.duplicateBody', { number: senderNumber.trim(), date: formatCalendarDate(senderDate), agenda: duplicate.agendaNumber })}
          </p>
          <p>
            <Link to={paths.letter(duplicate.letterId)} target="_blank" rel="noopener">
              {t('incoming.form.duplicateOpen')}
            </Link>
          </p>
          <div className="actions">
            <button type="button" className="button primary" disabled={busy} onClick={() => void save(true)}>
              {t('incoming.form.duplicateConfirm')}
            </button>
            <button type="button" className="button secondary" onClick={() => setDuplicate(null)}>
              {t('incoming.form.duplicateCancel')}
            </button>
          </div>
        </div>
      )}
      <form className="card incoming-form" onSubmit={onSubmit} noValidate>
        <FormField id="senderName" label={t('incoming.form.sender')} hint={t('incoming.form.senderHint')} error={errors.senderName}>
          <input id="senderName" name="senderName" autoComplete="organization" value={senderName} onChange={(e) => setSenderName(e.target.value)} maxLength={300} {...fieldProps('senderName', true)} />
        </FormField>
        <div className="field-row">
          <FormField id="senderNumber" label={t('incoming.form.senderNumber')} error={errors.senderNumber}>
            <input id="senderNumber" name="senderNumber" autoComplete="off" value={senderNumber} onChange={(e) => setSenderNumber(e.target.value)} maxLength={120} {...fieldProps('senderNumber')} />
          </FormField>
          <FormField id="senderDate" label={t('incoming.form.senderDate')} error={errors.senderDate}>
            <input id="senderDate" name="senderDate" type="date" max={todayWib()} value={senderDate} onChange={(e) => setSenderDate(e.target.value)} {...fieldProps('senderDate')} />
          </FormField>
        </div>
        <FormField id="subject" label={t('incoming.form.subject')} error={errors.subject}>
          <textarea id="subject" name="subject" rows={2} value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={500} {...fieldProps('subject')} />
        </FormField>
        <div className="field-row">
          <FormField id="sifat" label={t('incoming.form.sifat')}>
            <select id="sifat" name="sifat" value={sifat} onChange={(e) => setSifat(e.target.value)}>
              {SIFAT.map((s) => (
                <option key={s} value={s}>
                  {t(`labels.sifat.${s}`)}
                </option>
              ))}
            </select>
          </FormField>
          <FormField id="urgency" label={t('incoming.form.urgency')}>
            <select id="urgency" name="urgency" value={urgency} onChange={(e) => setUrgency(e.target.value)}>
              {URGENCY.map((u) => (
                <option key={u} value={u}>
                  {t(`labels.urgency.${u}`)}
                </option>
              ))}
            </select>
          </FormField>
        </div>
        <FormField id="classificationCode" label={t('incoming.form.classification')} hint={t('incoming.form.classificationHint')} error={errors.classificationCode}>
          <input id="classificationCode" name="classificationCode" autoComplete="off" value={classificationCode} onChange={(e) => setClassificationCode(e.target.value)} maxLength={50} {...fieldProps('classificationCode', true)} />
        </FormField>
        <FormField id="addressee" label={t('incoming.form.addressee')} hint={t('incoming.form.addresseeHint')} error={errors.addressee}>
          <input id="addressee" name="addressee" type="search" list="daftar-jabatan" autoComplete="off" value={addressee} onChange={(e) => setAddressee(e.target.value)} {...fieldProps('addressee', true)} />
          <datalist id="daftar-jabatan">
            {positions.map((p) => (
              <option key={p.id} value={positionLabel(p)} />
            ))}
          </datalist>
        </FormField>
        <FormField id="scan" label={t('incoming.form.scan')} hint={t('incoming.form.scanHint', { mb: MAX_MB })} error={errors.scan}>
          <input ref={fileInput} id="scan" name="scan" type="file" accept="application/pdf,.pdf" onChange={(e) => setScan(e.target.files?.[0] ?? null)} {...fieldProps('scan', true)} />
        </FormField>
        <div className="actions sticky-actions">
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? t('incoming.form.saving') : t('incoming.form.save')}
          </button>
          <Link className="button secondary" to={paths.incoming}>
            {t('app.cancel')}
          </Link>
        </div>
      </form>
    </section>
  );
}
