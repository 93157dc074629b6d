import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

export interface PendingAction {
  event: string;
  /** The workflow's label, for an event this page has no words of its own for. */
  label: string;
  requiresNote: boolean;
}

export interface ActionErrors {
  /** Shown at the top of the dialog (conflict, lockout, refusal). */
  general?: string;
  /** The kind of the general message: a stale version is a warning, not a failure. */
  generalKind?: 'error' | 'warning';
  passphrase?: string;
  note?: string;
}

interface Props {
  action: PendingAction;
  note: string;
  onNoteChange: (note: string) => void;
  /** The event is no longer the caller's to take (someone acted first): the note stays, the button goes. */
  unavailable: boolean;
  busy: boolean;
  errors: ActionErrors;
  onConfirm: (passphrase: string | undefined) => void;
  onCancel: () => void;
}

/** Words of an event on this page: UI.md's for the known ones, else the workflow's own label. */
export function useActionWords() {
  const { t } = useTranslation();
  return (action: { event: string; label: string }) => t(`letter.actions.${action.event}`, { defaultValue: action.label });
}

/**
 * The dialog that confirms an action: a note (required where the workflow says so), and for a
 * signature the passphrase. The passphrase lives in this dialog's state only until it is sent:
 * the field is emptied as the request leaves, whatever the answer.
 */
export function ActionDialog({ action, note, onNoteChange, unavailable, busy, errors, onConfirm, onCancel }: Props) {
  const { t } = useTranslation();
  const words = useActionWords();
  const ref = useRef<HTMLDialogElement>(null);
  const [passphrase, setPassphrase] = useState('');
  const [localNoteError, setLocalNoteError] = useState<string | null>(null);
  const [localPassError, setLocalPassError] = useState<string | null>(null);
  const id = useId();
  const signing = action.event === 'sign';
  const withNote = action.requiresNote || ['approve', 'sign', 'return', 'reject'].includes(action.event);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  function submit(e: FormEvent) {
    e.preventDefault();
    const noteMissing = action.requiresNote && note.trim() === '';
    const passMissing = signing && passphrase === '';
    setLocalNoteError(noteMissing ? t('letter.dialog.noteRequired') : null);
    setLocalPassError(passMissing ? t('letter.dialog.passphraseRequired') : null);
    if (noteMissing || passMissing) return;
    const sent = signing ? passphrase : undefined;
    setPassphrase('');
    onConfirm(sent);
  }

  const noteError = localNoteError ?? errors.note;
  const passError = localPassError ?? errors.passphrase;
  const danger = action.event === 'reject' || action.event === 'cancel';

  return (
    <dialog ref={ref} className="action-dialog" aria-labelledby={`${id}-title`} onCancel={(e) => (busy ? e.preventDefault() : onCancel())}>
      <form onSubmit={submit} noValidate>
        <h2 id={`${id}-title`}>{t(`letter.dialog.title.${action.event}`, { defaultValue: words(action) })}</h2>
        {errors.general && (
          <p className={errors.generalKind === 'warning' ? 'warning' : 'error'} role="alert">
            {errors.general}
          </p>
        )}
        {signing && (
          <label className="field">
            <span>{t('letter.dialog.passphrase')}</span>
            <input
              type="password"
              name="passphrase"
              autoComplete="current-password"
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
              aria-invalid={passError ? true : undefined}
              aria-describedby={passError ? `${id}-pass-error` : `${id}-pass-hint`}
              disabled={unavailable}
              autoFocus
            />
            {passError ? (
              <span className="field-error" id={`${id}-pass-error`}>
                {passError}
              </span>
            ) : (
              <span className="hint" id={`${id}-pass-hint`}>
                {t('letter.dialog.passphraseHint')}
              </span>
            )}
          </label>
        )}
        {withNote && (
          <label className="field">
            <span>{action.requiresNote ? t('letter.dialog.note') : t('letter.dialog.noteOptional')}</span>
            <textarea
              name="note"
              value={note}
              maxLength={2000}
              onChange={(e) => onNoteChange(e.target.value)}
              aria-invalid={noteError ? true : undefined}
              aria-describedby={noteError ? `${id}-note-error` : undefined}
              autoFocus={!signing}
            />
            {noteError && (
              <span className="field-error" id={`${id}-note-error`}>
                {noteError}
              </span>
            )}
          </label>
        )}
        {!withNote && !signing && <p>{t(`letter.dialog.confirm.${action.event}`, { defaultValue: t('letter.dialog.confirmGeneric', { action: words(action) }) })}</p>}
        <div className="dialog-actions">
          <button type="button" className="button secondary" onClick={onCancel} disabled={busy}>
            {unavailable ? t('app.close') : t('app.cancel')}
          </button>
          {!unavailable && (
            <button type="submit" className={danger ? 'button danger' : 'button primary'} disabled={busy}>
              {busy ? t('letter.dialog.working') : words(action)}
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}
