import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { archivePaths } from '../archive/paths';

/** Where reading a file's text stands (GET …/attachments and the incoming details carry it). */
export interface FileText {
  id: string;
  status: 'waiting' | 'running' | 'done' | 'failed';
  source: 'text-layer' | 'ocr' | 'corrected' | null;
  failureReason: string | null;
  meanConfidence: number | null;
  lowConfidencePages: number[];
  needsReview: boolean;
  searchablePdf: { objectId: string; sha256: string; size: number } | null;
}

export const textPending = (text: FileText | null | undefined): boolean => text?.status === 'waiting' || text?.status === 'running';

/** One short line under a scan or an attachment: OCR waiting, running, done (with the searchable PDF), or failed with why. */
export function TextStatus({ letterId, text }: { letterId: string; text: FileText | null | undefined }) {
  const { t } = useTranslation();
  if (!text) return null;
  let line: string;
  if (text.status === 'failed') line = t('ocr.failed', { reason: text.failureReason ?? '' });
  else if (text.status !== 'done') line = t(`ocr.${text.status}`);
  else if (text.source === 'ocr' && text.needsReview) line = t('ocr.review', { pages: text.lowConfidencePages.join(', ') });
  else line = t(`ocr.source.${text.source ?? 'ocr'}`, { confidence: text.meanConfidence === null ? '' : Math.round(text.meanConfidence) });
  return (
    <p className={`text-status text-status-${text.status}`} role={textPending(text) ? 'status' : undefined}>
      {line}
      {text.status === 'done' && (
        <>
          {' · '}
          <Link className="tap-link" to={archivePaths.letterText(letterId)}>
            {t('archive.text.open')}
          </Link>
        </>
      )}
      {text.searchablePdf && (
        <>
          {' · '}
          <a className="tap-link" href={`/api/v1/letters/${letterId}/texts/${text.id}/searchable-pdf`} download>
            {t('ocr.searchablePdf')}
          </a>
        </>
      )}
    </p>
  );
}
