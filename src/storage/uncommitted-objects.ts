import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { STORAGE_DRIVER, StorageDriver } from './drivers/storage.driver';

/**
 * Bytes are written before their stored_object row, which joins the caller's transaction. When
 * that transaction rolls back, its bytes are removed right after the rollback, so a refused
 * signature or upload leaves nothing in storage. A process that dies in between leaves bytes
 * the orphan sweep (StorageOrphanSweeper) removes after their grace.
 */
@Injectable()
export class UncommittedObjects implements EntitySubscriberInterface {
  private readonly logger = new Logger('Storage');
  private readonly keys = new WeakMap<QueryRunner, string[]>();

  constructor(
    @InjectDataSource() db: DataSource,
    @Inject(STORAGE_DRIVER) private readonly driver: StorageDriver,
  ) {
    db.subscribers.push(this);
  }

  /** Remembers a key written for a row of `manager`'s open transaction; nothing to do outside one. */
  track(manager: EntityManager, key: string): void {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) return;
    const keys = this.keys.get(runner);
    if (keys) keys.push(key);
    else this.keys.set(runner, [key]);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // Still active: a savepoint was released, the outer transaction decides.
    if (!event.queryRunner.isTransactionActive) this.keys.delete(event.queryRunner);
  }

  async afterTransactionRollback(event: TransactionRollbackEvent): Promise<void> {
    // Still active: only a savepoint rolled back; its bytes, if any, are left to the sweep.
    if (event.queryRunner.isTransactionActive) return;
    const keys = this.keys.get(event.queryRunner);
    this.keys.delete(event.queryRunner);
    for (const key of keys ?? []) {
      await this.driver.delete(key).catch((err) => this.logger.warn({ err, key }, 'Bytes of a rolled-back object left to the orphan sweep'));
    }
  }
}
