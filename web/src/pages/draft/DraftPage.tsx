import { useCallback, useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, ApiError, rawFetch, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { errorMessage } from '../../api/errors';
import { paths } from '../../app/routes';
import { formatDateTime } from '../../format/dates';
import { Combobox } from './Combobox';
import { PositionList, type ChosenPosition } from './PositionList';
import type { Attachment, HistoryEntry, LetterView, VersionEntry } from './types';
import './draft.css';

type DirectoryEntry = components['schemas']['DirectoryEntryDto'];
type Classification = components['schemas']['ClassificationDto'];
type CreateBody = components['schemas']['CreateLetterDto'];

const TYPES = ['surat-keluar', 'nota-dinas', 'surat-undangan'] as const;
const SIFAT = ['biasa', 'terbatas', 'rahasia', 'sangat_rahasia'] as const;
const URGENCY = ['biasa', 'segera', 'sangat_segera'] as const;
const SUBJECT_MAX = 500;
/** What the server accepts as lampiran (judged again there by the bytes), and its size limit (UPLOAD_LIMIT_BYTES default). */
const ATTACHMENT_EXTENSIONS = ['pdf', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'doc', 'xls', 'ppt'];
const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

interface ReviewStep {
  key: number;
  positions: ChosenPosition[];
  mode: 'all' | 'any' | 'n_of_m';
  n: number;
}

interface External {
  name: string;
  address: string;
}

interface Mark {
  /** '' none, 'an:<superior>' or 'ub:<via>:<superior>'. */
  value: string;
}

/**
 * The rows of a surat undangan's event table, in print order, with the label printed on the
 * letter (the same in both languages: it is the letter's Indonesian). Limits as the API's.
 */
const EVENT_ROWS = [
  { key: 'eventDate', label: 'Hari/Tanggal' },
  { key: 'eventTime', label: 'Pukul' },
  { key: 'eventPlace', label: 'Tempat' },
  { key: 'eventAgenda', label: 'Acara' },
] as const;
type EventKey = (typeof EVENT_ROWS)[number]['key'];
const EVENT_VALUE_MAX = 500;
const NO_EVENT: Record<EventKey, string> = { eventDate: '', eventTime: '', eventPlace: '', eventAgenda: '' };

type FieldErrors = Partial<Record<'subject' | 'recipients' | 'signers' | 'classification' | 'paragraphs' | 'reviewers' | 'external' | 'closing' | EventKey, string>>;

const detailOf = (e: DirectoryEntry) => (e.delegate ? `${e.delegate.kind === 'plt' ? 'Plt.' : 'Plh.'} ${e.delegate.name}` : (e.holderName ?? undefined));
const chosenOf = (e: DirectoryEntry): ChosenPosition => ({ positionId: e.positionId, name: e.name, detail: detailOf(e) });
let stepKeys = 0;

export default function DraftPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const [letter, setLetter] = useState<LetterView | null>(null);
  const [loading, setLoading] = useState(!!id);
  const [type, setType] = useState<string>('surat-keluar');
  const [subject, setSubject] = useState('');
  const [classification, setClassification] = useState<{ code: string; name: string } | null>(null);
  const [sifat, setSifat] = useState<string>('biasa');
  const [urgency, setUrgency] = useState<string>('biasa');
  const [recipients, setRecipients] = useState<ChosenPosition[]>([]);
  const [tembusan, setTembusan] = useState<ChosenPosition[]>([]);
  const [externals, setExternals] = useState<External[]>([]);
  const [externalDraft, setExternalDraft] = useState<External>({ name: '', address: '' });
  const [paragraphs, setParagraphs] = useState<string[]>(['']);
  const [event, setEvent] = useState<Record<EventKey, string>>(NO_EVENT);
  // Rows the API holds beyond the four of the form (drafted by a script): kept as they are.
  const [otherEventRows, setOtherEventRows] = useState<{ label: string; value: string }[]>([]);
  const [closing, setClosing] = useState('');
  const isInvitation = type === 'surat-undangan';
  const [reviewers, setReviewers] = useState<ReviewStep[]>([]);
  const [signers, setSigners] = useState<ChosenPosition[]>([]);
  const [superiors, setSuperiors] = useState<DirectoryEntry[]>([]);
  const [mark, setMark] = useState<Mark>({ value: '' });
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [attachmentError, setAttachmentError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [versions, setVersions] = useState<VersionEntry[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);
  // A control just added (a paragraph, a review step) takes the focus, so keyboard users go on typing.
  const [focusId, setFocusId] = useState<string | null>(null);
  useEffect(() => {
    if (!focusId) return;
    document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId]);
  const errorSummary = useRef<HTMLDivElement>(null);

  // Only the drafter, and only while the workflow lets them submit (konsep, dikembalikan), edits the draft.
  const editable = !letter || letter.allowedEvents.some((e) => e.event === 'submit' || e.event === 'resubmit');
  const submitEvent = letter ? letter.allowedEvents.find((e) => e.event === 'submit' || e.event === 'resubmit') : undefined;

  useEffect(() => {
    document.title = `${id ? t('draft.reviseTitle') : t('draft.title')} · ${t('app.name')}`;
  }, [id, t]);

  const adopt = useCallback(async (view: LetterView) => {
    setLetter(view);
    setType(view.type);
    setSubject(view.subject);
    setSifat(view.sifat);
    setUrgency(view.urgency);
    setParagraphs(view.body.paragraphs?.length ? view.body.paragraphs : ['']);
    const rows = view.body.eventDetails ?? [];
    setEvent(Object.fromEntries(EVENT_ROWS.map((r) => [r.key, rows.find((d) => d.label === r.label)?.value ?? ''])) as Record<EventKey, string>);
    setOtherEventRows(rows.filter((d) => !EVENT_ROWS.some((r) => r.label === d.label)));
    setClosing((view.body.closing ?? []).join('\n\n'));
    setExternals((view.body.externalRecipients ?? []).map((r) => ({ name: r.name, address: r.address ?? '' })));
    setRecipients(view.addressees.recipients.map((r) => ({ positionId: r.positionId, name: r.name })));
    setTembusan(view.addressees.tembusan.map((r) => ({ positionId: r.positionId, name: r.name })));
    const ids = [...new Set([...(view.routes?.reviewers?.steps ?? []), ...(view.routes?.signers?.steps ?? [])].flatMap((s) => s.positionIds))];
    const names = new Map<string, DirectoryEntry>();
    if (ids.length > 0) {
      const all = await unwrap(api.GET('/api/v1/directory', { params: { query: { limit: 100 } } }));
      for (const e of all) names.set(e.positionId, e);
    }
    const chosen = (pid: string): ChosenPosition => {
      const e = names.get(pid);
      return e ? chosenOf(e) : { positionId: pid, name: pid };
    };
    setReviewers(
      (view.routes?.reviewers?.steps ?? []).map((s) => ({ key: ++stepKeys, positions: s.positionIds.map(chosen), mode: (s.mode as ReviewStep['mode']) ?? 'all', n: s.n ?? 1 })),
    );
    setSigners((view.routes?.signers?.steps ?? []).flatMap((s) => s.positionIds.map(chosen)));
    const m = view.body.signatureMark;
    setMark({ value: m ? (m.kind === 'an' ? `an:${m.onBehalfOfPositionId}` : `ub:${m.viaPositionId}:${m.onBehalfOfPositionId}`) : '' });
    if (view.classificationCode) {
      const found = await unwrap(api.GET('/api/v1/classifications', { params: { query: { q: view.classificationCode, limit: 5 } } }));
      const c = found.find((f) => f.code === view.classificationCode);
      setClassification({ code: view.classificationCode, name: c?.name ?? '' });
    } else setClassification(null);
    const [h, v, a] = await Promise.all([
      unwrap(api.GET('/api/v1/letters/{id}/history', { params: { path: { id: view.id } } })) as Promise<unknown>,
      unwrap(api.GET('/api/v1/letters/{id}/versions', { params: { path: { id: view.id } } })) as Promise<unknown>,
      unwrap(api.GET('/api/v1/letters/{id}/attachments', { params: { path: { id: view.id } } })) as Promise<unknown>,
    ]);
    setHistory(h as HistoryEntry[]);
    setVersions(v as VersionEntry[]);
    setAttachments(a as Attachment[]);
  }, []);

  const load = useCallback(
    async (letterId: string) => {
      const view = (await unwrap(api.GET('/api/v1/letters/{id}', { params: { path: { id: letterId } } }))) as unknown as LetterView;
      await adopt(view);
    },
    [adopt],
  );

  useEffect(() => {
    if (!id) return;
    if (letter?.id === id) return;
    setLoading(true);
    load(id)
      .catch((err) => setFormError(errorMessage(t, err)))
      .finally(() => setLoading(false));
  }, [id, letter?.id, load, t]);

  // The a.n./u.b. choices follow the first signer's superiors.
  const firstSigner = signers[0]?.positionId;
  useEffect(() => {
    if (!firstSigner) {
      setSuperiors([]);
      return;
    }
    let live = true;
    unwrap(api.GET('/api/v1/directory/{positionId}/superiors', { params: { path: { positionId: firstSigner } } }))
      .then((s) => live && setSuperiors(s))
      .catch(() => live && setSuperiors([]));
    return () => {
      live = false;
    };
  }, [firstSigner]);

  const searchPositions = useCallback(async (q: string) => unwrap(api.GET('/api/v1/directory', { params: { query: { q, limit: 10 } } })), []);
  const searchSigners = useCallback(async (q: string) => unwrap(api.GET('/api/v1/directory', { params: { query: { q, limit: 10, canSign: true } } })), []);
  const searchCodes = useCallback(async (q: string) => unwrap(api.GET('/api/v1/classifications', { params: { query: { q, limit: 12 } } })), []);

  const markOptions: { value: string; label: string }[] = [];
  superiors.forEach((sup, j) => {
    markOptions.push({ value: `an:${sup.positionId}`, label: `a.n. ${sup.name}` });
    superiors.slice(0, j).forEach((via) => markOptions.push({ value: `ub:${via.positionId}:${sup.positionId}`, label: `a.n. ${sup.name} — ${via.name} u.b.` }));
  });

  function validate(): FieldErrors {
    const e: FieldErrors = {};
    const s = subject.trim();
    if (!s) e.subject = t('draft.errors.subjectRequired');
    else if (s.length < 3) e.subject = t('draft.errors.subjectShort');
    else if (s.length > SUBJECT_MAX) e.subject = t('draft.errors.subjectLong', { max: SUBJECT_MAX, n: s.length });
    if (recipients.length === 0 && externals.length === 0) e.recipients = t('draft.errors.recipientRequired');
    if (signers.length === 0) e.signers = t('draft.errors.signerRequired');
    if (paragraphs.some((p) => /[<>]/.test(p))) e.paragraphs = t('draft.errors.paragraphMarkup');
    if (isInvitation) {
      for (const row of EVENT_ROWS) {
        const v = event[row.key].trim();
        if (!v) e[row.key] = t('draft.errors.eventRequired', { field: t(`draft.event.${row.key}`) });
        else if (v.length > EVENT_VALUE_MAX) e[row.key] = t('draft.errors.eventLong', { field: t(`draft.event.${row.key}`), max: EVENT_VALUE_MAX, n: v.length });
        else if (/[<>]/.test(v)) e[row.key] = t('draft.errors.eventMarkup', { field: t(`draft.event.${row.key}`) });
      }
      if (/[<>]/.test(closing)) e.closing = t('draft.errors.closingMarkup');
    }
    return e;
  }

  // Once refused, the form re-checks itself as the user corrects it: fixed fields lose their message, and the summary goes when none is left.
  const checking = Object.keys(errors).length > 0;
  useEffect(() => {
    if (!checking) return;
    const found = validate();
    setErrors((old) => ({ ...(old.classification ? { classification: old.classification } : {}), ...found }));
    if (Object.keys(found).length === 0) setFormError((f) => (f === t('draft.errors.summary') ? null : f));
  }, [subject, recipients, externals, signers, paragraphs, event, closing, type]);

  function payload(): CreateBody {
    const [kind, a, b] = mark.value.split(':');
    const signatureMark = kind === 'an' ? { kind: 'an' as const, onBehalfOfPositionId: a } : kind === 'ub' ? { kind: 'ub' as const, viaPositionId: a, onBehalfOfPositionId: b } : undefined;
    return {
      type: type as CreateBody['type'],
      subject: subject.trim(),
      sifat: sifat as CreateBody['sifat'],
      urgency: urgency as CreateBody['urgency'],
      ...(classification ? { classificationCode: classification.code } : {}),
      body: {
        paragraphs: paragraphs.map((p) => p.trim()).filter(Boolean),
        ...(attachments.length ? { lampiran: t('draft.lampiranLine', { count: attachments.length }) } : {}),
        ...(isInvitation
          ? {
              eventDetails: [...EVENT_ROWS.map((r) => ({ label: r.label, value: event[r.key].trim() })), ...otherEventRows],
              // A blank line starts a new closing paragraph, as it reads in the box.
              closing: closing.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean),
            }
          : {}),
      },
      recipientPositionIds: recipients.map((r) => r.positionId),
      tembusanPositionIds: tembusan.map((r) => r.positionId),
      externalRecipients: externals.map((x) => ({ name: x.name.trim(), ...(x.address.trim() ? { address: x.address.trim() } : {}) })),
      reviewers: reviewers
        .filter((s) => s.positions.length > 0)
        .map((s) => ({
          positionIds: s.positions.map((p) => p.positionId),
          ...(s.positions.length > 1 ? { mode: s.mode, ...(s.mode === 'n_of_m' ? { n: Math.min(s.n, s.positions.length) } : {}) } : {}),
        })),
      signers: signers.map((s) => ({ positionIds: [s.positionId] })),
      ...(signatureMark ? { signatureMark } : {}),
    };
  }

  /** The API's refusal, next to the field it concerns when there is one. */
  function showApiError(err: unknown) {
    if (err instanceof ApiError) {
      const byCode: Record<string, keyof FieldErrors> = {
        CLASSIFICATION_NOT_FOUND: 'classification',
        SIGNER_NOT_ALLOWED: 'signers',
        SIGNATURE_MARK_INVALID: 'signers',
        ROUTE_TOO_LONG: 'reviewers',
      };
      const field = byCode[err.code] ?? (err.code === 'VALIDATION_FAILED' ? eventFieldOf(err.details) : undefined);
      if (field) {
        setErrors({ [field]: field in NO_EVENT ? t('draft.errors.eventInvalid', { field: t(`draft.event.${field}`) }) : t(`draft.errors.${err.code}`, { defaultValue: errorMessage(t, err) }) });
        setFormError(t('draft.errors.summary'));
        return;
      }
      if (err.code === 'VERSION_CONFLICT' && letter) void load(letter.id);
      setFormError(t(`draft.errors.${err.code}`, { defaultValue: errorMessage(t, err) }));
      return;
    }
    setFormError(errorMessage(t, err));
  }

  /** Creates the draft, or saves the revision (PATCH with the version it was made on). Returns the saved letter, or null when refused. */
  async function save(): Promise<LetterView | null> {
    setNotice(null);
    setFormError(null);
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setFormError(t('draft.errors.summary'));
      requestAnimationFrame(() => errorSummary.current?.focus());
      return null;
    }
    setBusy(true);
    try {
      const body = payload();
      let view: LetterView;
      if (!letter) {
        view = (await unwrap(api.POST('/api/v1/letters', { body }))) as unknown as LetterView;
      } else {
        const { type: _type, ...rest } = body;
        view = (await unwrap(
          api.PATCH('/api/v1/letters/{id}', { params: { path: { id: letter.id } }, body: { ...rest, signatureMark: rest.signatureMark ?? (null as never), version: letter.version } }),
        )) as unknown as LetterView;
      }
      await adopt(view);
      setAttachmentError(null);
      if (!letter) navigate(paths.editDraft(view.id), { replace: true });
      return view;
    } catch (err) {
      showApiError(err);
      requestAnimationFrame(() => errorSummary.current?.focus());
      return null;
    } finally {
      setBusy(false);
    }
  }

  async function onSave(e?: FormEvent) {
    e?.preventDefault();
    const view = await save();
    if (view) setNotice(t('draft.saved', { version: view.version }));
  }

  async function onSubmit() {
    const view = await save();
    if (!view) return;
    const event = view.allowedEvents.find((a) => a.event === 'submit' || a.event === 'resubmit');
    if (!event) {
      setFormError(t('draft.errors.cannotSubmit'));
      return;
    }
    setBusy(true);
    try {
      const after = (await unwrap(
        api.POST('/api/v1/letters/{id}/transitions', { params: { path: { id: view.id } }, body: { event: event.event, version: view.version } }),
      )) as unknown as LetterView;
      await adopt(after);
      setNotice(t('draft.submitted', { state: after.stateLabel }));
    } catch (err) {
      showApiError(err);
    } finally {
      setBusy(false);
    }
  }

  async function upload(files: FileList | File[]) {
    setAttachmentError(null);
    const list = [...files];
    if (list.length === 0) return;
    for (const file of list) {
      const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
      if (!ATTACHMENT_EXTENSIONS.includes(ext)) {
        setAttachmentError(t('draft.attachments.wrongType', { name: file.name, types: ATTACHMENT_EXTENSIONS.join(', ') }));
        return;
      }
      if (file.size > ATTACHMENT_MAX_BYTES) {
        setAttachmentError(t('draft.attachments.tooLarge', { name: file.name, max: ATTACHMENT_MAX_BYTES / 1024 / 1024 }));
        return;
      }
    }
    // A lampiran belongs to a saved letter: the first upload saves the draft.
    const target = letter ?? (await save());
    if (!target) return;
    setUploading(true);
    try {
      for (const file of list) {
        const form = new FormData();
        form.append('file', file, file.name);
        await rawFetch(`/api/v1/letters/${target.id}/attachments`, { method: 'POST', body: form });
      }
      setAttachments((await unwrap(api.GET('/api/v1/letters/{id}/attachments', { params: { path: { id: target.id } } }))) as unknown as Attachment[]);
      setNotice(t('draft.attachments.added'));
    } catch (err) {
      const code = err instanceof ApiError ? err.code : '';
      setAttachmentError(
        code === 'ATTACHMENT_TYPE_NOT_ALLOWED' || code === 'NOT_A_PDF'
          ? t('draft.attachments.rejectedType', { types: ATTACHMENT_EXTENSIONS.join(', ') })
          : code === 'PAYLOAD_TOO_LARGE' || code === 'PDF_TOO_LARGE'
            ? t('draft.attachments.tooLarge', { name: list[0].name, max: ATTACHMENT_MAX_BYTES / 1024 / 1024 })
            : t(`draft.errors.${code}`, { defaultValue: errorMessage(t, err) }),
      );
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  }

  async function removeAttachment(a: Attachment) {
    if (!letter) return;
    try {
      await rawFetch(`/api/v1/letters/${letter.id}/attachments/${a.id}`, { method: 'DELETE' });
      setAttachments((list) => list.filter((x) => x.id !== a.id));
    } catch (err) {
      setAttachmentError(errorMessage(t, err));
    }
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    if (e.dataTransfer.files.length > 0) void upload(e.dataTransfer.files);
  }

  if (loading) {
    return (
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    );
  }

  const notes = history.filter((h) => h.comment && (h.event === 'return' || h.event === 'reject'));
  const signerPrint = signers[0];
  const [markKind, markA, markB] = mark.value.split(':');
  const nameOf = (pid?: string) => superiors.find((s) => s.positionId === pid)?.name ?? '';
  const signerDetail = signerPrint?.detail?.startsWith('Pl') ? signerPrint.detail.split(' ')[0] : undefined;

  return (
    <form className="draft" onSubmit={onSave} noValidate aria-labelledby="draft-title">
      <h1 id="draft-title">{letter ? t('draft.reviseTitle') : t('draft.title')}</h1>
      {letter && (
        <p className="draft-state">
          {t('draft.state')}: <span className="badge">{letter.stateLabel}</span>
        </p>
      )}

      {notes.length > 0 && letter?.state === 'returned' && (
        <section className="card draft-notes" aria-labelledby="notes-title">
          <h2 id="notes-title">{t('draft.notesTitle')}</h2>
          <ul>
            {notes.map((n) => (
              <li key={n.seq}>
                <p className="note-text">{n.comment}</p>
                <p className="hint">
                  {n.actorLabel ?? n.actorName} · {formatDateTime(n.at)}
                </p>
              </li>
            ))}
          </ul>
        </section>
      )}

      <div ref={errorSummary} tabIndex={-1} aria-live="assertive">
        {formError && (
          <div className="error" role="alert">
            <p>{formError}</p>
            {Object.values(errors).length > 0 && (
              <ul>
                {Object.entries(errors).map(([k, v]) => (
                  <li key={k}>{v}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}

      <fieldset disabled={!editable || busy} className="draft-fields">
        <section className="card">
          <h2>{t('draft.sections.letter')}</h2>
          <label className="field">
            <span>{t('draft.type')}</span>
            <select value={type} onChange={(e) => setType(e.target.value)} disabled={!!letter}>
              {TYPES.map((ty) => (
                <option key={ty} value={ty}>
                  {t(`draft.types.${ty}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('draft.subject')}</span>
            <input
              value={subject}
              onChange={(e) => setSubject(e.target.value)}
              aria-invalid={errors.subject ? true : undefined}
              aria-describedby={errors.subject ? 'subject-error' : 'subject-count'}
              maxLength={SUBJECT_MAX + 100}
            />
            {errors.subject ? (
              <span id="subject-error" className="field-error">
                {errors.subject}
              </span>
            ) : (
              <span id="subject-count" className="hint">
                {t('draft.subjectCount', { n: subject.trim().length, max: SUBJECT_MAX })}
              </span>
            )}
          </label>

          <Combobox<Classification>
            label={t('draft.classification')}
            hint={t('draft.classificationHint')}
            search={searchCodes}
            optionKey={(c) => c.code}
            optionText={(c) => `${c.code} ${c.name}`}
            renderOption={(c) => (
              <>
                <strong>{c.code}</strong> {c.name}
                {c.path.length > 0 && <span className="hint option-path">{c.path.join(' › ')}</span>}
              </>
            )}
            onPick={(c) => {
              setClassification({ code: c.code, name: c.name });
              setErrors(({ classification: _c, ...rest }) => rest);
            }}
            emptyText={t('draft.noResults')}
            error={errors.classification}
          />
          {classification && (
            <p className="picked" aria-live="polite">
              <span>
                {t('draft.classificationPicked')}: <strong>{classification.code}</strong> {classification.name}
              </span>
              <button type="button" className="button secondary small" onClick={() => setClassification(null)} aria-label={t('draft.remove', { name: classification.code })}>
                ✕
              </button>
            </p>
          )}

          <div className="draft-row">
            <label className="field">
              <span>{t('draft.sifat')}</span>
              <select value={sifat} onChange={(e) => setSifat(e.target.value)}>
                {SIFAT.map((s) => (
                  <option key={s} value={s}>
                    {t(`labels.sifat.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>{t('draft.urgency')}</span>
              <select value={urgency} onChange={(e) => setUrgency(e.target.value)}>
                {URGENCY.map((u) => (
                  <option key={u} value={u}>
                    {t(`labels.urgency.${u}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </section>

        <section className="card">
          <h2>{t('draft.sections.addressees')}</h2>
          <Combobox<DirectoryEntry>
            label={t('draft.recipients')}
            hint={t('draft.searchHint')}
            search={searchPositions}
            optionKey={(e) => e.positionId}
            optionText={(e) => `${e.name}, ${e.unitName}${e.holderName ? `, ${e.holderName}` : ''}`}
            renderOption={(e) => <PositionOption entry={e} />}
            onPick={(e) => setRecipients((list) => [...list, chosenOf(e)])}
            disabledKeys={new Set(recipients.map((r) => r.positionId))}
            emptyText={t('draft.noResults')}
            error={errors.recipients}
          />
          <PositionList label={t('draft.recipientsChosen')} items={recipients} onChange={setRecipients} />

          <fieldset className="external">
            <legend>{t('draft.external')}</legend>
            {externals.length > 0 && (
              <ol className="chosen" aria-label={t('draft.externalChosen')}>
                {externals.map((x, i) => (
                  <li key={`${x.name}-${i}`}>
                    <span className="chosen-text">
                      <span>{x.name}</span>
                      {x.address && <span className="hint">{x.address}</span>}
                    </span>
                    <button type="button" className="button secondary small" onClick={() => setExternals((l) => l.filter((_, j) => j !== i))} aria-label={t('draft.remove', { name: x.name })}>
                      ✕
                    </button>
                  </li>
                ))}
              </ol>
            )}
            <label className="field">
              <span>{t('draft.externalName')}</span>
              <input value={externalDraft.name} onChange={(e) => setExternalDraft({ ...externalDraft, name: e.target.value })} aria-invalid={errors.external ? true : undefined} />
            </label>
            <label className="field">
              <span>{t('draft.externalAddress')}</span>
              <input value={externalDraft.address} onChange={(e) => setExternalDraft({ ...externalDraft, address: e.target.value })} />
            </label>
            {errors.external && <p className="field-error">{errors.external}</p>}
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                if (externalDraft.name.trim().length < 2) {
                  setErrors({ ...errors, external: t('draft.errors.externalName') });
                  return;
                }
                setExternals((l) => [...l, externalDraft]);
                setExternalDraft({ name: '', address: '' });
                setErrors(({ external: _e, recipients: _r, ...rest }) => rest);
              }}
            >
              {t('draft.addExternal')}
            </button>
          </fieldset>

          <Combobox<DirectoryEntry>
            label={t('draft.tembusan')}
            hint={t('draft.searchHint')}
            search={searchPositions}
            optionKey={(e) => e.positionId}
            optionText={(e) => `${e.name}, ${e.unitName}${e.holderName ? `, ${e.holderName}` : ''}`}
            renderOption={(e) => <PositionOption entry={e} />}
            onPick={(e) => setTembusan((list) => [...list, chosenOf(e)])}
            disabledKeys={new Set(tembusan.map((r) => r.positionId))}
            emptyText={t('draft.noResults')}
          />
          <PositionList label={t('draft.tembusanChosen')} items={tembusan} onChange={setTembusan} />
        </section>

        <section className="card">
          <h2 id="isi-title">{t('draft.body')}</h2>
          {errors.paragraphs && <p className="field-error">{errors.paragraphs}</p>}
          <ol className="paragraphs">
            {paragraphs.map((p, i) => (
              <li key={i}>
                <label className="field">
                  <span>{t('draft.paragraph', { n: i + 1 })}</span>
                  <textarea id={`paragraph-${i}`} value={p} onChange={(e) => setParagraphs((list) => list.map((x, j) => (j === i ? e.target.value : x)))} rows={4} />
                </label>
                <span className="chosen-actions">
                  <button
                    type="button"
                    className="button secondary small"
                    disabled={i === 0}
                    aria-label={t('draft.moveParagraphUp', { n: i + 1 })}
                    onClick={() => setParagraphs((l) => { const n = [...l]; [n[i - 1], n[i]] = [n[i], n[i - 1]]; return n; })}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button secondary small"
                    disabled={i === paragraphs.length - 1}
                    aria-label={t('draft.moveParagraphDown', { n: i + 1 })}
                    onClick={() => setParagraphs((l) => { const n = [...l]; [n[i + 1], n[i]] = [n[i], n[i + 1]]; return n; })}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="button secondary small"
                    disabled={paragraphs.length === 1}
                    aria-label={t('draft.removeParagraph', { n: i + 1 })}
                    onClick={() => setParagraphs((l) => l.filter((_, j) => j !== i))}
                  >
                    ✕
                  </button>
                </span>
              </li>
            ))}
          </ol>
          <button type="button" className="button secondary" onClick={() => {
              setParagraphs((l) => [...l, '']);
              setFocusId(`paragraph-${paragraphs.length}`);
            }}
          >
            {t('draft.addParagraph')}
          </button>
        </section>

        {isInvitation && (
          <section className="card" aria-labelledby="event-title">
            <h2 id="event-title">{t('draft.event.title')}</h2>
            <p className="hint">{t('draft.event.hint')}</p>
            {EVENT_ROWS.map((row) => (
              <label className="field" key={row.key}>
                <span>
                  {t(`draft.event.${row.key}`)} <span className="hint">{t(`draft.event.${row.key}Hint`)}</span>
                </span>
                <input
                  id={`event-${row.key}`}
                  value={event[row.key]}
                  onChange={(e) => setEvent((old) => ({ ...old, [row.key]: e.target.value }))}
                  aria-required="true"
                  aria-invalid={errors[row.key] ? true : undefined}
                  aria-describedby={errors[row.key] ? `event-${row.key}-error` : undefined}
                  maxLength={EVENT_VALUE_MAX + 100}
                />
                {errors[row.key] && (
                  <span id={`event-${row.key}-error`} className="field-error">
                    {errors[row.key]}
                  </span>
                )}
              </label>
            ))}
            <label className="field">
              <span>
                {t('draft.event.closing')} <span className="hint">{t('draft.event.closingHint')}</span>
              </span>
              <textarea
                id="event-closing"
                value={closing}
                onChange={(e) => setClosing(e.target.value)}
                rows={3}
                aria-invalid={errors.closing ? true : undefined}
                aria-describedby={errors.closing ? 'event-closing-error' : undefined}
              />
              {errors.closing && (
                <span id="event-closing-error" className="field-error">
                  {errors.closing}
                </span>
              )}
            </label>
          </section>
        )}

        <section className="card">
          <h2 id="lampiran-title">{t('draft.attachments.title')}</h2>
          <div
            className={dragging ? 'dropzone dragging' : 'dropzone'}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            data-testid="dropzone"
          >
            <p>{t('draft.attachments.drop')}</p>
            <p className="hint">{t('draft.attachments.rules', { types: ATTACHMENT_EXTENSIONS.join(', '), max: ATTACHMENT_MAX_BYTES / 1024 / 1024 })}</p>
            <input
              ref={fileInput}
              id="lampiran-input"
              type="file"
              multiple
              hidden
              accept={ATTACHMENT_EXTENSIONS.map((x) => `.${x}`).join(',')}
              aria-describedby={attachmentError ? 'lampiran-error' : undefined}
              onChange={(e) => e.target.files && void upload(e.target.files)}
            />
            <button type="button" className="button secondary" onClick={() => fileInput.current?.click()} disabled={uploading}>
              {uploading ? t('draft.attachments.uploading') : t('draft.attachments.choose')}
            </button>
          </div>
          {attachmentError && (
            <p id="lampiran-error" className="error" role="alert">
              {attachmentError}
            </p>
          )}
          {attachments.length > 0 && (
            <ul className="chosen" aria-label={t('draft.attachments.list')}>
              {attachments.map((a) => (
                <li key={a.id}>
                  <span className="chosen-text">
                    <span>{a.name}</span>
                    <span className="hint">{formatSize(a.size)}</span>
                  </span>
                  <button type="button" className="button secondary small" onClick={() => void removeAttachment(a)} aria-label={t('draft.remove', { name: a.name })}>
                    ✕
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card">
          <h2>{t('draft.sections.route')}</h2>
          <p className="hint">{t('draft.reviewersHint')}</p>
          {errors.reviewers && <p className="field-error">{errors.reviewers}</p>}
          <ol className="steps" aria-label={t('draft.reviewersChosen')}>
            {reviewers.map((step, i) => (
              <li key={step.key} className="step">
                <h3>{t('draft.step', { n: i + 1 })}</h3>
                <PositionList label={t('draft.stepMembers', { n: i + 1 })} items={step.positions} numbered={false} onChange={(positions) => setReviewers((l) => l.map((s) => (s.key === step.key ? { ...s, positions } : s)))} />
                <Combobox<DirectoryEntry>
                  inputId={`step-${step.key}`}
                  label={step.positions.length === 0 ? t('draft.reviewer', { n: i + 1 }) : t('draft.addToGroup', { n: i + 1 })}
                  search={searchPositions}
                  optionKey={(e) => e.positionId}
                  optionText={(e) => `${e.name}, ${e.unitName}${e.holderName ? `, ${e.holderName}` : ''}`}
                  renderOption={(e) => <PositionOption entry={e} />}
                  onPick={(e) => setReviewers((l) => l.map((s) => (s.key === step.key ? { ...s, positions: [...s.positions, chosenOf(e)] } : s)))}
                  disabledKeys={new Set(step.positions.map((p) => p.positionId))}
                  emptyText={t('draft.noResults')}
                />
                {step.positions.length > 1 && (
                  <div className="draft-row">
                    <label className="field">
                      <span>{t('draft.groupMode', { n: i + 1 })}</span>
                      <select value={step.mode} onChange={(e) => setReviewers((l) => l.map((s) => (s.key === step.key ? { ...s, mode: e.target.value as ReviewStep['mode'] } : s)))}>
                        <option value="all">{t('draft.modes.all')}</option>
                        <option value="any">{t('draft.modes.any')}</option>
                        <option value="n_of_m">{t('draft.modes.n_of_m')}</option>
                      </select>
                    </label>
                    {step.mode === 'n_of_m' && (
                      <label className="field">
                        <span>{t('draft.groupN', { m: step.positions.length })}</span>
                        <input type="number" min={1} max={step.positions.length} value={step.n} onChange={(e) => setReviewers((l) => l.map((s) => (s.key === step.key ? { ...s, n: Number(e.target.value) || 1 } : s)))} />
                      </label>
                    )}
                  </div>
                )}
                <span className="chosen-actions">
                  <button type="button" className="button secondary small" disabled={i === 0} aria-label={t('draft.moveStepUp', { n: i + 1 })} onClick={() => setReviewers((l) => { const n = [...l]; [n[i - 1], n[i]] = [n[i], n[i - 1]]; return n; })}>
                    ↑
                  </button>
                  <button type="button" className="button secondary small" disabled={i === reviewers.length - 1} aria-label={t('draft.moveStepDown', { n: i + 1 })} onClick={() => setReviewers((l) => { const n = [...l]; [n[i + 1], n[i]] = [n[i], n[i + 1]]; return n; })}>
                    ↓
                  </button>
                  <button type="button" className="button secondary small" aria-label={t('draft.removeStep', { n: i + 1 })} onClick={() => setReviewers((l) => l.filter((s) => s.key !== step.key))}>
                    ✕
                  </button>
                </span>
              </li>
            ))}
          </ol>
          <button type="button" className="button secondary" onClick={() => {
              const key = ++stepKeys;
              setReviewers((l) => [...l, { key, positions: [], mode: 'all', n: 1 }]);
              setFocusId(`step-${key}`);
            }}
          >
            {t('draft.addReviewer')}
          </button>

          <h3>{t('draft.signers')}</h3>
          <Combobox<DirectoryEntry>
            label={t('draft.signers')}
            hint={t('draft.signersHint')}
            search={searchSigners}
            optionKey={(e) => e.positionId}
            optionText={(e) => `${e.name}, ${e.unitName}${e.holderName ? `, ${e.holderName}` : ''}`}
            renderOption={(e) => <PositionOption entry={e} />}
            onPick={(e) => setSigners((list) => [...list, chosenOf(e)])}
            disabledKeys={new Set(signers.map((r) => r.positionId))}
            emptyText={t('draft.noResults')}
            error={errors.signers}
          />
          <PositionList label={t('draft.signersChosen')} items={signers} onChange={setSigners} />
          {markOptions.length > 0 && (
            <label className="field">
              <span>{t('draft.mark')}</span>
              <select value={mark.value} onChange={(e) => setMark({ value: e.target.value })}>
                <option value="">{t('draft.markNone')}</option>
                {markOptions.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          )}
          {signerPrint && (
            <figure className="signature-print" aria-labelledby="print-title">
              <figcaption id="print-title">{t('draft.printTitle')}</figcaption>
              {markKind === 'an' && <p>a.n. {nameOf(markA)}</p>}
              {markKind === 'ub' && (
                <>
                  <p>a.n. {nameOf(markB)}</p>
                  <p>{nameOf(markA)} u.b.</p>
                </>
              )}
              <p>
                {signerDetail ? `${signerDetail} ` : ''}
                {signerPrint.name},
              </p>
              <p className="signature-name">{signerPrint.detail?.replace(/^Pl[th]\.\s*/, '') ?? '-'}</p>
            </figure>
          )}
        </section>
      </fieldset>

      {letter && (
        <section className="card" aria-labelledby="versions-title">
          <h2 id="versions-title">{t('draft.versionsTitle')}</h2>
          <ol className="versions">
            {versions.map((v) => (
              <li key={v.number}>
                {t('draft.version', { n: v.number, who: v.createdByName ?? '-', when: formatDateTime(v.createdAt) })}
                {v.content.subject && <span className="hint"> — {v.content.subject}</span>}
              </li>
            ))}
          </ol>
        </section>
      )}

      <div className="draft-actions" role="group" aria-label={t('draft.actions')}>
        {editable && (
          <button type="submit" className="button secondary" disabled={busy}>
            {t('draft.save')}
          </button>
        )}
        {letter && (
          <a className="button secondary" href={`/api/v1/letters/${letter.id}/preview`} target="_blank" rel="noopener">
            {t('draft.preview')}
          </a>
        )}
        {(!letter || submitEvent) && (
          <button type="button" className="button primary" disabled={busy} onClick={() => void onSubmit()}>
            {letter?.state === 'returned' ? t('draft.resubmit') : t('draft.submit')}
          </button>
        )}
      </div>
    </form>
  );
}

function PositionOption({ entry }: { entry: DirectoryEntry }) {
  return (
    <>
      <span>{entry.name}</span>
      <span className="hint option-path">
        {entry.unitName}
        {entry.holderName ? ` · ${entry.holderName}` : ''}
        {entry.delegate ? ` · ${entry.delegate.kind === 'plt' ? 'Plt.' : 'Plh.'} ${entry.delegate.name}` : ''}
      </span>
    </>
  );
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The event row a 400 names (`body.eventDetails.<i>...`), when it is one of the form's four. */
function eventFieldOf(details: unknown): EventKey | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const d of details as { field?: unknown }[]) {
    const m = typeof d?.field === 'string' ? /^body\.eventDetails\.(\d+)/.exec(d.field) : null;
    if (m) return EVENT_ROWS[Number(m[1])]?.key;
  }
  return undefined;
}
