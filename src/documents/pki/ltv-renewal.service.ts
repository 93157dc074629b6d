import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditAction, AuditService } from '../../audit/audit.service';
import { AppConfig } from '../../config/app-config';
import { LetterDocumentsService } from '../letter-documents.service';
import { JobHandler } from '../../queue/job-handler.decorator';
import { LtvService } from './ltv.service';
import { renewalDue } from './archive-timestamp';

export { renewalDue } from './archive-timestamp';

export interface RenewalRun {
  /** Letters whose file was opened: the due ones, and those stored before renew_by was kept. */
  checked: number;
  renewed: number;
  failed: number;
}

/** Letters looked at per batch: bounded memory whatever the archive's size. */
const BATCH = 100;
/** Letters renewed at once: their storage and database waits overlap, each in its own transaction. */
const CONCURRENCY = 4;

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
      // Only the due ones (renew_by, kept as each version is stored) and those not known yet.
      const rows: { id: string }[] = await this.db.query(
        `SELECT l.id FROM letter l JOIN letter_document d ON d.id = l.current_document_id
          WHERE d.kind IN ('signed', 'ltv-renewal') AND (d.renew_by IS NULL OR d.renew_by <= $2) AND l.id > $1 ORDER BY l.id LIMIT ${BATCH}`,
        [after, horizon],
      );
      if (rows.length === 0) break;
      let next = 0;
      const lane = async () => {
        while (next < rows.length) {
          const { id } = rows[next++];
          run.checked++;
          try {
            if (await this.renewIfDue(id, horizon)) run.renewed++;
          } catch (err) {
            run.failed++;
            this.logger.warn(`Letter ${id}: renewal failed (${(err as Error).message}); the next run tries again`);
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, lane));
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
      if (!due.due) {
        // A version stored before renew_by was kept: known from now on, not read again until due.
        await tx.query('UPDATE letter_document SET renew_by = $2 WHERE id = $1 AND renew_by IS NULL', [current.id, due.notAfter]);
        return false;
      }
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
