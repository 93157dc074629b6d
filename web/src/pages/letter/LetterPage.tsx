import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import type { components } from '../../api/schema';
import { paths } from '../../app/routes';
import { DispositionSection } from '../../features/disposition/DispositionSection';
import { markOpened } from '../../features/notifications/read';
import { formatCalendarDate, formatDate, formatDateTime } from '../../format/dates';
import { ActionDialog, useActionWords, type ActionErrors, type PendingAction } from './ActionDialog';
import { History, type HistoryEntry } from './History';
import { PdfViewer } from './PdfViewer';
import { TextStatus, textPending, type FileText } from './TextStatus';
import { byActionOrder, DANGER_EVENTS, DISPOSITION_EVENTS } from './words';
import './letter.css';

type Letter = components['schemas']['LetterViewDto'];

interface Position {
  id: string;
  name: string;
}
interface Attachment {
  id: string;
  name: string;
  size: number;
  text?: FileText | null;
}
interface IncomingDetails {
  agendaNumber: string;
  senderName: string;
  senderNumber: string;
  senderDate: string;
  receivedAt: string;
  scanText?: FileText | null;
}
interface ExternalRecipient {
  name?: string;
}

type Load = { status: 'loading' } | { status: 'notFound' } | { status: 'error'; message: string } | { status: 'ok' };

/** The letter page (/surat/:id): its PDF, its facts, its history in words and exactly the actions the caller may take now. */
export default function LetterPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const words = useActionWords();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [letter, setLetter] = useState<Letter | null>(null);
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [positions, setPositions] = useState<Map<string, string>>(new Map());
  const [attachments, setAttachments] = useState<Attachment[]>([]);
  const [incoming, setIncoming] = useState<IncomingDetails | null>(null);
  const [pending, setPending] = useState<PendingAction | null>(null);
  // Notes per event: kept through a stale version and a closed dialog, so nothing typed is lost.
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<ActionErrors>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const reload = useCallback(async (): Promise<Letter | null> => {
    try {
      const fresh = await unwrap(api.GET('/api/v1/letters/{id}', { params: { path: { id } } }));
      setLetter(fresh);
      setLoad({ status: 'ok' });
      const [entries, files] = await Promise.all([
        unwrap(api.GET('/api/v1/letters/{id}/history', { params: { path: { id } } })),
        unwrap(api.GET('/api/v1/letters/{id}/attachments', { params: { path: { id } } })).catch(() => []),
      ]);
      setHistory(entries);
      setAttachments(files as unknown as Attachment[]);
      return fresh;
    } catch (err) {
      // A letter the caller may not see does not exist for them: the same plain page, nothing of it shown.
      if (err instanceof ApiError && err.status === 404) {
        setLetter(null);
        setLoad({ status: 'notFound' });
      } else setLoad({ status: 'error', message: errorMessage(t, err) });
      return null;
    }
  }, [id, t]);

  useEffect(() => {
    setLoad({ status: 'loading' });
    setPending(null);
    setNotes({});
    setDone(null);
    void reload();
  }, [reload]);

  useEffect(() => {
    void unwrap(api.GET('/api/v1/positions'))
      .then((rows) => setPositions(new Map((rows as unknown as Position[]).map((p) => [p.id, p.name]))))
      .catch(() => undefined);
  }, []);

  const isIncoming = letter?.kind === 'incoming';
  useEffect(() => {
    if (!isIncoming) return setIncoming(null);
    void unwrap(api.GET('/api/v1/incoming-letters/{id}', { params: { path: { id } } }))
      .then((view) => setIncoming((view as unknown as { incoming: IncomingDetails }).incoming))
      .catch(() => setIncoming(null));
  }, [id, isIncoming]);

  // While a file's text is being read (OCR), its status line follows it.
  const reading = textPending(incoming?.scanText) || attachments.some((a) => textPending(a.text));
  useEffect(() => {
    if (!reading) return;
    const timer = setTimeout(() => {
      void unwrap(api.GET('/api/v1/letters/{id}/attachments', { params: { path: { id } } }))
        .then((files) => setAttachments(files as unknown as Attachment[]))
        .catch(() => undefined);
      if (isIncoming) {
        void unwrap(api.GET('/api/v1/incoming-letters/{id}', { params: { path: { id } } }))
          .then((view) => setIncoming((view as unknown as { incoming: IncomingDetails }).incoming))
          .catch(() => undefined);
      }
    }, 4000);
    return () => clearTimeout(timer);
  }, [reading, attachments, incoming, id, isIncoming]);

  // Once per letter shown: opening an item that only asks to be read (a tembusan) marks it read.
  const shown = load.status === 'ok';
  useEffect(() => {
    if (shown) void markOpened(id);
  }, [shown, id]);

  useEffect(() => {
    document.title = `${letter?.subject ?? t('letter.title')} · ${t('app.name')}`;
  }, [letter?.subject, t]);

  const actions = useMemo(
    () =>
      (letter?.allowedEvents ?? [])
        .filter((a) => !(letter?.kind === 'incoming' && DISPOSITION_EVENTS.has(a.event)))
        // One button per event, even when the caller may take it as two positions (the first is used).
        .filter((a, i, all) => all.findIndex((b) => b.event === a.event) === i)
        .sort((a, b) => byActionOrder(a.event, b.event)),
    [letter],
  );

  function open(action: PendingAction) {
    setErrors({});
    setDone(null);
    setPending(action);
  }

  async function confirm(passphrase: string | undefined) {
    if (!pending || !letter) return;
    const event = pending.event;
    const allowed = letter.allowedEvents.find((a) => a.event === event);
    const note = (notes[event] ?? '').trim();
    setBusy(true);
    setErrors({});
    try {
      const next = await unwrap(
        api.POST('/api/v1/letters/{id}/transitions', {
          params: { path: { id } },
          body: { event, version: letter.version, ...(note ? { comment: note } : {}), ...(passphrase ? { passphrase } : {}), ...(allowed?.asPositionId ? { asPositionId: allowed.asPositionId } : {}) },
        }),
      );
      setPending(null);
      setNotes((n) => ({ ...n, [event]: '' }));
      setDone(event === 'sign' && next.number ? t('letter.done.signed', { number: next.number }) : t(`letter.done.${event}`, { defaultValue: t('letter.done.other', { state: next.stateLabel }) }));
      setLetter(next);
      await reload();
    } catch (err) {
      await explain(err, event);
    } finally {
      setBusy(false);
    }
  }

  /** Every refusal in words, next to what it concerns; a stale version reloads the letter and keeps the note. */
  async function explain(err: unknown, event: string) {
    const code = err instanceof ApiError ? err.code : '';
    const details = (err instanceof ApiError ? err.details : undefined) as { attemptsLeft?: number; retryAfterSeconds?: number; lockedUntil?: string } | undefined;
    if (code === 'VERSION_CONFLICT') {
      const fresh = await reload();
      const still = fresh?.allowedEvents.some((a) => a.event === event);
      setErrors({ general: still ? t('letter.errors.conflictRetry') : t('letter.errors.conflictGone'), generalKind: 'warning' });
      return;
    }
    if (code === 'WRONG_PASSPHRASE') {
      const left = details?.attemptsLeft;
      setErrors({ passphrase: left === undefined ? t('letter.errors.wrongPassphrase') : left > 0 ? t('letter.errors.wrongPassphraseLeft', { count: left }) : t('letter.errors.wrongPassphraseLast') });
      return;
    }
    if (code === 'SIGNER_LOCKED') {
      const minutes = Math.max(1, Math.ceil((details?.retryAfterSeconds ?? 60) / 60));
      const until = details?.lockedUntil ? formatDateTime(details.lockedUntil) : '';
      setErrors({ general: t('letter.errors.locked', { minutes, until }) });
      return;
    }
    if (code === 'NOTE_REQUIRED') return setErrors({ note: t('letter.dialog.noteRequired') });
    if (code === 'SIGNING_PASSPHRASE_REQUIRED') return setErrors({ passphrase: t('letter.dialog.passphraseRequired') });
    if (err instanceof ApiError && err.status === 404) {
      setPending(null);
      setLoad({ status: 'notFound' });
      return;
    }
    const known = t(`letter.errors.${code}`, { defaultValue: '' });
    setErrors({ general: known || errorMessage(t, err) });
    if (code === 'TRANSITION_NOT_ALLOWED' || code === 'ACTOR_NOT_ALLOWED') await reload();
  }

  if (load.status === 'loading') {
    return (
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    );
  }
  if (load.status === 'notFound') {
    return (
      <section className="letter-missing">
        <h1>{t('letter.notFound.title')}</h1>
        <p>{t('letter.notFound.body')}</p>
        <Link className="button secondary" to={paths.inbox}>
          {t('letter.notFound.back')}
        </Link>
      </section>
    );
  }
  if (load.status === 'error' || !letter) {
    return (
      <section>
        <h1>{t('letter.title')}</h1>
        <p className="error" role="alert">
          {load.status === 'error' ? load.message : t('errors.UNKNOWN')}
        </p>
        <button type="button" className="button secondary" onClick={() => void reload()}>
          {t('app.retry')}
        </button>
      </section>
    );
  }

  const name = (positionId: string) => positions.get(positionId);
  const byRole = (role: string) => letter.participants.filter((p) => p.role === role).map((p) => name(p.positionId) ?? '…');
  const external = ((letter.body.externalRecipients as ExternalRecipient[] | undefined) ?? []).map((r) => r.name).filter((n): n is string => Boolean(n));
  const recipients = [...byRole(isIncoming ? 'addressee' : 'recipient'), ...external];
  const tembusan = byRole('tembusan');
  const drafter = letter.drafterPositionId ? name(letter.drafterPositionId) : undefined;
  const mayRevise = letter.allowedEvents.some((a) => a.event === 'resubmit' || a.event === 'submit');
  const returnedNote = letter.state === 'returned' ? [...history].reverse().find((h) => h.event === 'return')?.comment : undefined;
  const deadline = (letter.deadline as { dueAt?: string; firedAt?: string } | undefined)?.dueAt;
  const documentSrc = isIncoming ? `/api/v1/incoming-letters/${id}/scan` : `/api/v1/letters/${id}/document`;
  const confidential = letter.sifat === 'rahasia' || letter.sifat === 'sangat_rahasia';

  return (
    <article className={actions.length > 0 ? 'letter has-actions' : 'letter'}>
      <header className="letter-head">
        <p className="letter-type">{t(`letter.types.${letter.type}`, { defaultValue: letter.type })}</p>
        <h1>{letter.subject}</h1>
        <p className="letter-badges">
          <span className="badge state">{letter.stateLabel}</span>
          <span className={confidential ? 'badge secret' : 'badge'}>{t(`labels.sifat.${letter.sifat}`)}</span>
          <span className={letter.urgency === 'biasa' ? 'badge' : 'badge urgent'}>{t(`labels.urgency.${letter.urgency}`)}</span>
          {letter.overdue && <span className="badge urgent">{t('letter.facts.overdue')}</span>}
        </p>
      </header>

      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      {returnedNote && (
        <div className="warning returned">
          <p>
            <strong>{t('letter.returnedNote')}</strong> {returnedNote}
          </p>
        </div>
      )}
      {letter.destruction && (
        <div className="warning destroyed" role="note">
          <p>
            <strong>{t('disposal.destroyed.title')}</strong>{' '}
            {t('disposal.destroyed.body', { date: formatDate(letter.destruction.destroyedAt) })}{' '}
            <Link className="tap-link" to={paths.letter(letter.destruction.beritaAcaraLetterId)}>
              {t('disposal.destroyed.beritaAcara', { number: letter.destruction.beritaAcaraNumber ?? '' })}
            </Link>
          </p>
        </div>
      )}
      {mayRevise && (
        <p>
          <Link className="button secondary" to={paths.editDraft(letter.id)}>
            {t('letter.revise')}
          </Link>
        </p>
      )}

      <div className="letter-grid">
        {letter.destruction ? (
          <p className="pdf-destroyed">{t('disposal.destroyed.noDocument')}</p>
        ) : (
          <PdfViewer src={documentSrc} reloadKey={letter.version} fileName={`${letter.number ?? 'KONSEP'} ${letter.subject}.pdf`.replace(/[\\/:*?"<>|]+/g, '-')} />
        )}

        <div className="letter-side">
          <section className="card facts" aria-labelledby="facts-title">
            <h2 id="facts-title">{t('letter.facts.title')}</h2>
            <dl>
              {/* An incoming letter carries its sender's number and date, below; ours are for letters we sign. */}
              {!isIncoming && (
                <>
                  <dt>{t('letter.facts.number')}</dt>
                  <dd className="letter-number">{letter.number ?? t('letter.facts.noNumber')}</dd>
                  <dt>{t('letter.facts.date')}</dt>
                  <dd>{letter.numberedAt ? formatDate(letter.numberedAt) : '—'}</dd>
                </>
              )}
              {incoming && (
                <>
                  <dt>{t('letter.facts.agendaNumber')}</dt>
                  <dd>{incoming.agendaNumber}</dd>
                  <dt>{t('letter.facts.sender')}</dt>
                  <dd>{incoming.senderName}</dd>
                  <dt>{t('letter.facts.senderNumber')}</dt>
                  <dd>{incoming.senderNumber}</dd>
                  <dt>{t('letter.facts.senderDate')}</dt>
                  <dd>{formatCalendarDate(incoming.senderDate)}</dd>
                  <dt>{t('letter.facts.received')}</dt>
                  <dd>{formatDateTime(incoming.receivedAt)}</dd>
                  {incoming.scanText && (
                    <>
                      <dt>{t('ocr.scan')}</dt>
                      <dd>
                        <TextStatus letterId={letter.id} text={incoming.scanText} />
                      </dd>
                    </>
                  )}
                </>
              )}
              <dt>{t('letter.facts.state')}</dt>
              <dd>{letter.stateLabel}</dd>
              <dt>{t('letter.facts.sifat')}</dt>
              <dd>{t(`labels.sifat.${letter.sifat}`)}</dd>
              <dt>{t('letter.facts.urgency')}</dt>
              <dd>{t(`labels.urgency.${letter.urgency}`)}</dd>
              {deadline && (
                <>
                  <dt>{t('letter.facts.deadline')}</dt>
                  <dd>{formatDateTime(deadline)}</dd>
                </>
              )}
              <dt>{t('letter.facts.classification')}</dt>
              <dd>{letter.classificationCode ?? '—'}</dd>
              {drafter && (
                <>
                  <dt>{isIncoming ? t('letter.facts.registrar') : t('letter.facts.drafter')}</dt>
                  <dd>{drafter}</dd>
                </>
              )}
              <dt>{isIncoming ? t('letter.facts.addressee') : t('letter.facts.recipients')}</dt>
              <dd>{recipients.length > 0 ? <NameList names={recipients} /> : '—'}</dd>
              {!isIncoming && (
                <>
                  <dt>{t('letter.facts.tembusan')}</dt>
                  <dd>{tembusan.length > 0 ? <NameList names={tembusan} /> : '—'}</dd>
                </>
              )}
              <dt>{t('letter.facts.attachments')}</dt>
              <dd>
                {attachments.length === 0 ? (
                  '—'
                ) : (
                  <ul className="attachments">
                    {attachments.map((a) => (
                      <li key={a.id}>
                        <a className="tap-link" href={`/api/v1/letters/${letter.id}/attachments/${a.id}`} download={a.name}>
                          {t('letter.facts.download', { name: a.name, size: Math.max(1, Math.round(a.size / 1024)) })}
                        </a>
                        <TextStatus letterId={letter.id} text={a.text} />
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
              {letter.verification && (
                <>
                  <dt>{t('letter.facts.verification')}</dt>
                  <dd>
                    <a className="tap-link" href={letter.verification.url}>
                      {letter.verification.code}
                    </a>
                  </dd>
                </>
              )}
            </dl>
          </section>

          <History entries={history} positionName={name} incoming={isIncoming} drafter={{ personId: letter.drafterPersonId, positionId: letter.drafterPositionId }} />
        </div>
      </div>

      {isIncoming && <DispositionSection letterId={letter.id} />}

      {actions.length > 0 && (
        // Sticky at the bottom: reachable while reading a long PDF on a phone.
        <div className="letter-actions" role="group" aria-label={t('letter.actionsLabel')}>
          {actions.map((a) => (
            <button
              key={a.event}
              type="button"
              className={DANGER_EVENTS.has(a.event) ? 'button danger' : a.event === 'return' ? 'button secondary' : 'button primary'}
              onClick={() => open({ event: a.event, label: a.label, requiresNote: a.requiresNote })}
            >
              {words(a)}
              {a.capacity === 'plh' || a.capacity === 'plt' ? ` (${a.capacity === 'plh' ? 'Plh.' : 'Plt.'})` : ''}
            </button>
          ))}
        </div>
      )}

      {pending && (
        <ActionDialog
          action={pending}
          note={notes[pending.event] ?? ''}
          onNoteChange={(value) => setNotes((n) => ({ ...n, [pending.event]: value }))}
          unavailable={!letter.allowedEvents.some((a) => a.event === pending.event)}
          busy={busy}
          errors={errors}
          onConfirm={(passphrase) => void confirm(passphrase)}
          onCancel={() => setPending(null)}
        />
      )}
    </article>
  );
}

function NameList({ names }: { names: string[] }) {
  if (names.length === 1) return <>{names[0]}</>;
  return (
    <ol className="names">
      {names.map((n, i) => (
        <li key={`${i}-${n}`}>{n}</li>
      ))}
    </ol>
  );
}
