import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { paths } from '../../app/routes';
import { hasRole, useUser } from '../../auth/session';
import { formatDateTime } from '../../format/dates';
import { archiveError } from './words';
import './archive.css';

type LetterText = components['schemas']['LetterTextDto'];

/** The text read from a letter's scan and PDF attachments (OCR or text layer); TU of the registering unit corrects it. */
export default function LetterTextPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const user = useUser();
  const registrar = hasRole(user, 'registrar');
  const [texts, setTexts] = useState<LetterText[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.title = `${t('archive.text.title')} · ${t('app.name')}`;
  }, [t]);

  useEffect(() => {
    let live = true;
    unwrap(api.GET('/api/v1/letters/{id}/texts', { params: { path: { id } } }))
      .then((list) => Promise.all(list.map((s) => unwrap(api.GET('/api/v1/letters/{id}/texts/{textId}', { params: { path: { id, textId: s.id } } })))))
      .then(
        (full) => live && setTexts(full),
        (err) => live && setError(archiveError(t, err)),
      );
    return () => {
      live = false;
    };
  }, [id, t]);

  return (
    <section className="archive">
      <h1>{t('archive.text.title')}</h1>
      <p>
        <Link to={paths.letter(id)}>{t('archive.text.back')}</Link>
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!texts && !error && <p role="status">{t('app.loading')}</p>}
      {texts && texts.length === 0 && <p className="card">{t('archive.text.none')}</p>}
      {texts?.map((text, i) => (
        <TextCard key={text.id} letterId={id} index={i + 1} text={text} editable={registrar} onSaved={(saved) => setTexts((all) => all?.map((x) => (x.id === saved.id ? saved : x)) ?? null)} />
      ))}
    </section>
  );
}

function TextCard({ letterId, index, text, editable, onSaved }: { letterId: string; index: number; text: LetterText; editable: boolean; onSaved: (t: LetterText) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(text.text ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const fieldId = `teks-${text.id}`;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const result = await unwrap(api.PUT('/api/v1/letters/{id}/texts/{textId}', { params: { path: { id: letterId, textId: text.id } }, body: { text: draft } }));
      onSaved(result);
      setSaved(true);
    } catch (err) {
      setError(archiveError(t, err));
    } finally {
      setBusy(false);
    }
  }

  const heading = text.attachmentId ? t('archive.text.attachment', { index }) : t('archive.text.scan');
  const ready = text.status === 'done';
  return (
    <article className="card" aria-labelledby={`${fieldId}-h`}>
      <h2 id={`${fieldId}-h`}>{heading}</h2>
      <p className="archive-intro">
        {ready ? t(`archive.text.source.${text.source ?? 'ocr'}`) : t(`archive.text.status.${text.status}`, { reason: text.failureReason ?? '' })}
        {text.meanConfidence !== null && ` · ${t('archive.text.confidence', { value: Math.round(text.meanConfidence) })}`}
        {text.needsReview && ` · ${t('archive.text.review', { pages: text.lowConfidencePages.join(', ') })}`}
        {text.correctedAt && ` · ${t('archive.text.correctedAt', { at: formatDateTime(text.correctedAt) })}`}
      </p>
      {ready && editable ? (
        <form className="text-editor" onSubmit={onSubmit}>
          <label className="field" htmlFor={fieldId}>
            <span>{t('archive.text.edit')}</span>
          </label>
          <textarea id={fieldId} value={draft} maxLength={500_000} onChange={(e) => setDraft(e.target.value)} />
          <div className="archive-actions">
            <button type="submit" className="button primary" disabled={busy || draft === (text.text ?? '')}>
              {t('archive.text.save')}
            </button>
          </div>
        </form>
      ) : (
        ready && <div className="text-block" tabIndex={0} role="region" aria-label={heading}>{text.text ?? ''}</div>
      )}
      {text.ocrText && text.source === 'corrected' && (
        <details>
          <summary>{t('archive.text.original')}</summary>
          <div className="text-block">{text.ocrText}</div>
        </details>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {saved && (
        <p className="notice" role="status">
          {t('archive.text.saved')}
        </p>
      )}
    </article>
  );
}
