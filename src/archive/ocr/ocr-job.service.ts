import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { describeError } from '../../common/logging/safe-error';
import { AppConfig } from '../../config/app-config';
import { inspectPdf } from '../../documents/pdf/pdf-inspector';
import { JobHandler } from '../../queue/job-handler.decorator';
import { JOB_OPTIONS } from '../../queue/job-options';
import { JobPayloads } from '../../queue/jobs';
import { StorageService } from '../../storage/storage.service';
import { OutboxService } from '../../workflow/outbox/outbox.service';
import { LetterTextSource, LetterTextStatus } from './dto/letter-text.dto';
import { SEARCH_INDEX_EVENT } from './letter-text.service';
import { cutUtf8, flagPages, lastLine, ocrCommand, ocrEnv, OcrFileError, pageConfidences, pdfPageSizesMm, pdfTextLayer, runTool, visibleChars } from './ocr-tools';

/** Tries of one `ocr.extract` job (queue/job-options.ts). */
const OCR_JOB_ATTEMPTS = JOB_OPTIONS['ocr.extract'].attempts;

/** A PDF with fewer visible characters than this in its text layer counts as an image-only scan. */
export const TEXT_LAYER_MIN_CHARS = 10;

interface Claimed {
  id: string;
  letter_id: string;
  object_id: string;
}

interface Outcome {
  source: LetterTextSource;
  text: string;
  pageCount: number;
  pdfa?: Buffer;
  meanConfidence?: number | null;
  lowConfidencePages?: number[];
}

/**
 * The `ocr.extract` job: reads the text of one stored file of a letter. A PDF with a text
 * layer gives it (pdftotext) and is never rewritten; nor is a signed PDF (its OCR text is read
 * without an output PDF). An image-only scan goes through ocrmypdf into a searchable PDF/A,
 * stored as a new object beside the original, whose bytes never change. A failure of the file
 * itself (damaged, too many or too large pages, a timeout) ends the job at once with the reason;
 * anything else (storage, database) is retried, and the last try marks the row failed.
 * Letter text is never logged.
 */
@Injectable()
export class OcrJobService {
  private readonly logger = new Logger('Ocr');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly storage: StorageService,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  @JobHandler('ocr.extract')
  async extract(job: JobPayloads['ocr.extract'], meta?: { attempt: number }): Promise<void> {
    const [[claimed]]: [Claimed[], number] = await this.db.query(
      `UPDATE letter_text SET status = 'running', attempts = attempts + 1, updated_at = now()
        WHERE id = $1 AND status IN ('waiting', 'running') RETURNING id, letter_id, object_id`,
      [job.letterTextId],
    );
    // Gone with its attachment, or done or failed already (a job relayed twice): nothing to do.
    if (!claimed) return;
    const workDir = await mkdtemp(join(tmpdir(), 'esurat-ocr-'));
    try {
      const outcome = await this.read(claimed, workDir);
      await this.finish(claimed, outcome);
    } catch (err) {
      const final = err instanceof OcrFileError || (meta?.attempt ?? 1) >= OCR_JOB_ATTEMPTS;
      this.logger.warn(`OCR of letter_text ${claimed.id} failed${final ? '' : ', will retry'}: ${err instanceof OcrFileError ? err.message : describeError(err)}`);
      if (!final) throw err;
      const reason = err instanceof OcrFileError ? err.message : `gave up after ${OCR_JOB_ATTEMPTS} tries: ${describeError(err)}`;
      await this.db.query(`UPDATE letter_text SET status = 'failed', failure_reason = $2, updated_at = now() WHERE id = $1 AND status = 'running'`, [
        claimed.id,
        reason.slice(0, 500),
      ]);
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  private async read(row: Claimed, workDir: string): Promise<Outcome> {
    const bytes = await this.storage.getBuffer(row.object_id);
    let inspection;
    try {
      inspection = await inspectPdf(bytes, { maxBytes: Math.max(bytes.length, 1) });
    } catch (err) {
      throw new OcrFileError(`the PDF cannot be read: ${err instanceof Error ? err.message : String(err)}`);
    }
    const input = join(workDir, 'input.pdf');
    await writeFile(input, bytes);
    const maxText = this.config.OCR_TEXT_MAX_BYTES;
    const layer = await pdfTextLayer(input, maxText);
    if (visibleChars(layer) >= TEXT_LAYER_MIN_CHARS) return { source: LetterTextSource.TextLayer, text: layer, pageCount: inspection.pageCount };

    if (inspection.pageCount > this.config.OCR_MAX_PAGES) {
      throw new OcrFileError(`the scan has ${inspection.pageCount} pages; OCR takes at most ${this.config.OCR_MAX_PAGES} (OCR_MAX_PAGES)`);
    }
    const sizes = await pdfPageSizesMm(input, inspection.pageCount);
    const tooLarge = sizes.find((s) => Math.max(s.widthMm, s.heightMm) > this.config.OCR_MAX_PAGE_SIDE_MM);
    if (tooLarge) {
      throw new OcrFileError(`page ${tooLarge.page} is ${Math.round(tooLarge.widthMm)} × ${Math.round(tooLarge.heightMm)} mm; OCR takes pages up to ${this.config.OCR_MAX_PAGE_SIDE_MM} mm (OCR_MAX_PAGE_SIDE_MM)`);
    }

    // A signed PDF is never rewritten: its text is read, no PDF/A is made.
    const signed = inspection.signatureFieldCount > 0;
    const output = join(workDir, 'searchable.pdf');
    const sidecar = join(workDir, 'sidecar.txt');
    const { command, args } = ocrCommand(input, output, sidecar, { pageTimeoutSeconds: this.config.OCR_PAGE_TIMEOUT_SECONDS, outputType: signed ? 'none' : 'pdfa' });
    // Each page may take its tesseract timeout, plus rasterising and the PDF/A conversion.
    const timeoutMs = (inspection.pageCount * (this.config.OCR_PAGE_TIMEOUT_SECONDS + 30) + 60) * 1000;
    const result = await runTool(command, args, { timeoutMs, maxStdout: 64 * 1024, env: ocrEnv(workDir), cwd: workDir });
    if (result.timedOut) throw new OcrFileError(`OCR took longer than ${Math.round(timeoutMs / 1000)} s`);
    if (result.code !== 0) throw new OcrFileError(`OCR failed (ocrmypdf exit ${result.code}: ${lastLine(result.stderr)})`);

    const text = cutUtf8(await readFile(sidecar, 'utf8'), maxText);
    const { meanConfidence, lowConfidencePages } = flagPages(await pageConfidences(workDir), this.config.OCR_LOW_CONFIDENCE);
    return {
      source: LetterTextSource.Ocr,
      text,
      pageCount: inspection.pageCount,
      pdfa: signed ? undefined : await readFile(output),
      meanConfidence,
      lowConfidencePages,
    };
  }

  /** The text, the PDF/A and search's event, in one transaction. */
  private async finish(row: Claimed, outcome: Outcome): Promise<void> {
    await this.db.transaction(async (tx) => {
      const pdfa = outcome.pdfa
        ? await this.storage.put(outcome.pdfa, { purpose: 'ocr-pdfa', contentType: 'application/pdf', originalName: 'pdfa.pdf', maxBytes: 4 * this.config.UPLOAD_LIMIT_BYTES }, tx)
        : null;
      const [, updated] = await tx.query(
        `UPDATE letter_text SET status = $2, source = $3, text = $4, ocr_text = $5, ocr_object_id = $6, page_count = $7, mean_confidence = $8,
                low_confidence_pages = $9, failure_reason = NULL, updated_at = now()
          WHERE id = $1 AND status = 'running'`,
        [
          row.id,
          LetterTextStatus.Done,
          outcome.source,
          outcome.text,
          outcome.source === LetterTextSource.Ocr ? outcome.text : null,
          pdfa?.id ?? null,
          outcome.pageCount,
          outcome.meanConfidence ?? null,
          outcome.lowConfidencePages ?? [],
        ],
      );
      // Removed meanwhile (its attachment went): the PDF/A rolls back with this transaction.
      if (updated === 0) throw new OcrFileError('the file was removed while it was read');
      await this.outbox.add(tx, row.letter_id, SEARCH_INDEX_EVENT, { letterId: row.letter_id });
    });
    this.outbox.kick();
  }
}
