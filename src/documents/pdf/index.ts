/** Letters to PDF, and checks on uploaded PDFs. */
export { renderLetter, renderLetterDocument } from './letter-renderer';
export { loadTemplates, parseTemplate } from './letter-template.loader';
export type { LetterTemplate, LetterTemplateSet, PaperSize, TemplateBlock } from './letter-template.types';
export type {
  EventDetail,
  Letterhead,
  LetterRenderInput,
  LetterTable,
  RenderMode,
  RenderOptions,
  RenderedLetter,
  SignatureSlot,
  SignerBlock,
} from './letter-render.types';
export { inspectPdf } from './pdf-inspector';
export type { InspectOptions, PdfInspection } from './pdf-inspector';
export { newVerificationCode, isVerificationCode } from './verification-code';
export { verificationUrl } from './qr-code';
export { formatIndonesianDate, formatIndonesianDayDate } from '../../common/time/indonesian-date';
export { formatNip } from './indonesian-format';
