import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sign } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { JobHandler } from '../queue/job-handler.decorator';
import { canonicalCheckpoint } from './audit-canonical';
import { CHECKPOINT_SIGNER, CheckpointSigner } from './checkpoint-signer';

export interface AuditCheckpoint {
  id: string;
  headSeq: string;
  headHash: string;
  at: string;
  canonical: string;
  /** RSA PKCS#1 v1.5 over SHA-256 of `canonical`, by the deployment CA's key, base64. */
  signature: string;
  /** The deployment CA's certificate, to check the signature with (pin it on receipt). */
  certificatePem: string;
}

/**
 * Checkpoints: the chain head (seq and hash) at a time, signed by the deployment CA. Kept in
 * audit_checkpoint and sent out, so a chain rewritten afterwards, even by whoever runs the
 * database, no longer matches what was signed and sent.
 */
@Injectable()
export class AuditCheckpointService {
  private readonly logger = new Logger('AuditCheckpoint');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CHECKPOINT_SIGNER) private readonly ca: CheckpointSigner,
    private readonly config: AppConfig,
  ) {}

  @JobHandler('audit.checkpoint')
  async run(): Promise<{ checkpoint: AuditCheckpoint | null; sent: number }> {
    const checkpoint = await this.checkpoint();
    return { checkpoint, sent: this.config.AUDIT_CHECKPOINT_URL ? await this.sendPending() : 0 };
  }

  /** Signs the current head unless the last checkpoint already holds it; returns the new one or null. */
  async checkpoint(): Promise<AuditCheckpoint | null> {
    // What committed but was not chained yet (a crash right after a commit) is chained, then signed.
    await this.db.query('SELECT audit_chain()');
    const [head] = await this.db.query(`SELECT seq::text AS seq, hash FROM audit_chain_head WHERE id = 1`);
    const [last] = await this.db.query(`SELECT head_seq::text AS head_seq FROM audit_checkpoint ORDER BY id DESC LIMIT 1`);
    if (last?.head_seq === head.seq) return null;
    const { privateKey, certificatePem } = await this.ca.get();
    const at = new Date().toISOString();
    const canonical = canonicalCheckpoint({ headSeq: head.seq, headHash: head.hash, at });
    const signature = sign('sha256', Buffer.from(canonical, 'utf8'), privateKey);
    const [row] = await this.db.query(
      `INSERT INTO audit_checkpoint (at, head_seq, head_hash, canonical, signature) VALUES ($1, $2, $3, $4, $5) RETURNING id::text AS id`,
      [at, head.seq, head.hash, canonical, signature],
    );
    return { id: row.id, headSeq: head.seq, headHash: head.hash.toString('hex'), at, canonical, signature: signature.toString('base64'), certificatePem };
  }

  /** POSTs the checkpoints not sent yet, oldest first, stopping at the first refusal (the next run tries again). */
  async sendPending(): Promise<number> {
    const rows: { id: string; at: Date; head_seq: string; head_hash: Buffer; canonical: string; signature: Buffer }[] = await this.db.query(
      `SELECT c.id::text AS id, c.at, c.head_seq::text AS head_seq, c.head_hash, c.canonical, c.signature
         FROM audit_checkpoint c WHERE NOT EXISTS (SELECT 1 FROM audit_checkpoint_delivery d WHERE d.checkpoint_id = c.id) ORDER BY c.id`,
    );
    if (rows.length === 0) return 0;
    const { certificatePem } = await this.ca.get();
    let sent = 0;
    for (const r of rows) {
      const body: AuditCheckpoint = {
        id: r.id,
        headSeq: r.head_seq,
        headHash: r.head_hash.toString('hex'),
        at: r.at.toISOString(),
        canonical: r.canonical,
        signature: r.signature.toString('base64'),
        certificatePem,
      };
      try {
        const res = await fetch(this.config.AUDIT_CHECKPOINT_URL, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
      } catch (err) {
        this.logger.warn(`Audit checkpoint ${r.id} not sent: ${(err as Error).message}`);
        break;
      }
      await this.db.query(`INSERT INTO audit_checkpoint_delivery (checkpoint_id) VALUES ($1) ON CONFLICT DO NOTHING`, [r.id]);
      sent++;
    }
    return sent;
  }
}
