import { X509Certificate } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditAction, AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { LetterDocumentsService } from '../documents/letter-documents.service';
import { PdfReader } from '../documents/pdf/syntax/pdf-reader';
import { readDer } from '../documents/signing/der';
import { parseTimestampToken } from '../documents/timestamp/timestamp-protocol';
import { JobHandler } from '../queue/job-handler.decorator';
import { LtvService } from './ltv.service';
import { embeddedSignatures } from './signature-certificates';

export interface RenewalRun {
  checked: number;
  renewed: number;
  failed: number;
}

/** Letters looked at per batch: bounded memory whatever the archive's size. */
const BATCH = 100;

/**
 * Keeps archived signatures provable (PAdES B-LTA, ETSI EN 319 142-1 §5.5): each signed PDF whose
 * newest document timestamp's TSA certificate ends within LTV_RENEWAL_MARGIN_DAYS (or uses a
 * hash weaker than SHA-256) gets a fresh DSS and a new document timestamp, stored as a new
 * version (the old bytes stay), each renewal in the audit trail.
 */
@Injectable()
export class LtvRenewalService {
  private readonly logger = new Logger('LtvRenewal');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly documents: LetterDocumentsService,
    private readonly ltv: LtvService,
    private readonly audit: AuditService,
  ) {}

  @JobHandler('pki.ltv-renewal')
  async run(now = new Date()): Promise<RenewalRun> {
    const run: RenewalRun = { checked: 0, renewed: 0, failed: 0 };
    const horizon = new Date(now.getTime() + this.config.LTV_RENEWAL_MARGIN_DAYS * 86_400_000);
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: { id: string }[] = await this.db.query(
        `SELECT l.id FROM letter l JOIN letter_document d ON d.id = l.current_document_id
          WHERE d.kind IN ('signed', 'ltv-renewal') AND l.id > $1 ORDER BY l.id LIMIT ${BATCH}`,
        [after],
      );
      if (rows.length === 0) break;
      for (const { id } of rows) {
        run.checked++;
        try {
          if (await this.renewIfDue(id, horizon)) run.renewed++;
        } catch (err) {
          run.failed++;
          this.logger.warn(`Letter ${id}: renewal failed (${(err as Error).message}); the next run tries again`);
        }
      }
      after = rows[rows.length - 1].id;
    }
    if (run.renewed || run.failed) this.logger.log(`Renewed ${run.renewed} of ${run.checked} signed documents (${run.failed} failed)`);
    return run;
  }

  /** One letter, in its own transaction (the letter row locked): true when renewed. */
  async renewIfDue(letterId: string, horizon: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT 1 FROM letter WHERE id = $1 FOR NO KEY UPDATE', [letterId]);
      const current = await this.documents.current(tx, letterId);
      if (!current || (current.kind !== 'signed' && current.kind !== 'ltv-renewal')) return false;
      const bytes = await this.documents.bytes(current, tx);
      const due = renewalDue(bytes, horizon);
      if (!due.due) return false;
      const renewed = await this.ltv.extend(bytes, tx);
      const stored = await this.documents.store(tx, letterId, 'ltv-renewal', renewed);
      await this.audit.record(tx, {
        action: AuditAction.LtvRenewal,
        object: { type: 'letter_document', id: stored.id },
        letterId,
        actor: { type: 'system', id: null },
        details: { previousDocumentId: current.id, reason: due.reason, tsaNotAfter: due.notAfter?.toISOString() ?? null, sha256: stored.sha256 },
      });
      return true;
    });
  }
}

/**
 * Whether a signed PDF needs a new archive timestamp: it has none, or the newest timestamp
 * (document timestamp, else the last signature's) was made by a TSA certificate ending before
 * `horizon`, or with a hash weaker than SHA-256.
 */
export function renewalDue(pdf: Uint8Array, horizon: Date): { due: boolean; reason?: string; notAfter?: Date } {
  const sigs = embeddedSignatures(PdfReader.open(pdf));
  const stamps = sigs.filter((s) => s.dict.nameOf('SubFilter') === 'ETSI.RFC3161');
  const newest = stamps[stamps.length - 1];
  if (!newest) return { due: true, reason: 'no-archive-timestamp' };
  const info = parseTimestampToken(readDer(newest.contents).raw);
  const tsa = info.tsaCertificatePem ? new X509Certificate(info.tsaCertificatePem) : undefined;
  const notAfter = tsa ? new Date(tsa.validTo) : undefined;
  if (!notAfter || notAfter <= horizon) return { due: true, reason: 'tsa-certificate-ends', notAfter };
  if (info.hashAlgorithm === '1.3.14.3.2.26') return { due: true, reason: 'weak-hash', notAfter };
  return { due: false, notAfter };
}
