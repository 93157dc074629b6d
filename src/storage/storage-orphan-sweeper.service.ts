import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { JobHandler } from '../queue/job-handler.decorator';
import { STORAGE_DRIVER, StorageDriver } from './drivers/storage.driver';
import { monthPrefix } from './object-naming';

const BATCH = 500;

/**
 * Removes bytes that no committed stored_object row names: those of a process that died
 * between writing the bytes and committing the row. Keys carry the month they were written
 * in, so the sweep lists only this month's and last month's, not the whole store.
 */
@Injectable()
export class StorageOrphanSweeper {
  private readonly logger = new Logger('Storage');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(STORAGE_DRIVER) private readonly driver: StorageDriver,
    private readonly config: AppConfig,
  ) {}

  @JobHandler('storage.orphan-sweep')
  async sweep(): Promise<number> {
    return this.removeOrphans();
  }

  /** Removes every unreferenced object written more than `graceSeconds` ago; returns how many. */
  async removeOrphans(graceSeconds = this.config.STORAGE_ORPHAN_GRACE_SECONDS): Promise<number> {
    const now = new Date();
    const cutoff = now.getTime() - graceSeconds * 1000;
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    let removed = 0;
    for (const purpose of await this.driver.listPurposes()) {
      for (const month of [monthPrefix(purpose, lastMonth), monthPrefix(purpose, now)]) {
        let batch: string[] = [];
        for await (const object of this.driver.list(month)) {
          if (object.modifiedAt.getTime() > cutoff) continue;
          batch.push(object.key);
          if (batch.length === BATCH) {
            removed += await this.removeUnreferenced(batch);
            batch = [];
          }
        }
        if (batch.length > 0) removed += await this.removeUnreferenced(batch);
      }
    }
    if (removed > 0) this.logger.log(`Removed ${removed} stored object(s) that no committed row names`);
    return removed;
  }

  private async removeUnreferenced(keys: string[]): Promise<number> {
    // Soft-deleted rows count: their bytes are already gone, or going, by StorageService.delete.
    const rows: { key: string }[] = await this.db.query(`SELECT "key" FROM stored_object WHERE "key" = ANY($1::varchar[])`, [keys]);
    const referenced = new Set(rows.map((r) => r.key));
    const orphans = keys.filter((k) => !referenced.has(k));
    for (const key of orphans) await this.driver.delete(key);
    return orphans.length;
  }
}
