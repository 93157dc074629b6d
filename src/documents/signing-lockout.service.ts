import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { SigningError, SigningErrorCode } from './signing.errors';

/**
 * Wrong passphrases per person: SIGNING_LOCKOUT_ATTEMPTS within SIGNING_LOCKOUT_MINUTES lock
 * the signer out until the oldest of them leaves the window. The check reads through the
 * transition's transaction; a failure is written once that transaction has rolled back, so it
 * stays counted (and no second connection is ever held beside the transaction's).
 */
@Injectable()
export class SigningLockoutService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** Refuses a locked-out signer; else returns how many wrong passphrases they may still enter before the lockout. */
  async assertNotLocked(tx: EntityManager, personId: string): Promise<number> {
    const [row] = await tx.query(
      `SELECT count(*)::int AS n, min(at) AS oldest FROM signing_failure WHERE person_id = $1 AND at > now() - make_interval(mins => $2)`,
      [personId, this.config.SIGNING_LOCKOUT_MINUTES],
    );
    if (row.n < this.config.SIGNING_LOCKOUT_ATTEMPTS) return this.config.SIGNING_LOCKOUT_ATTEMPTS - row.n;
    const until = new Date(new Date(row.oldest).getTime() + this.config.SIGNING_LOCKOUT_MINUTES * 60_000);
    throw new SigningError(SigningErrorCode.SIGNER_LOCKED, `Too many wrong passphrases: signing is locked until ${until.toISOString()}`, {
      lockedUntil: until.toISOString(),
      retryAfterSeconds: Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000)),
    });
  }

  async recordFailure(personId: string): Promise<void> {
    await this.db.query('INSERT INTO signing_failure (person_id) VALUES ($1)', [personId]);
  }
}
