import type { EntityManager } from 'typeorm';
import { LetterEntity } from './letter.entity';

/** A letter row as read by SQL (snake_case columns, e.g. `SELECT l.*`) turned into the entity; other columns are ignored. */
export function letterFromRow(manager: EntityManager, row: Record<string, unknown>): LetterEntity {
  const letter = new LetterEntity();
  for (const column of manager.connection.getMetadata(LetterEntity).columns) {
    if (column.databaseName in row) (letter as unknown as Record<string, unknown>)[column.propertyName] = row[column.databaseName];
  }
  return letter;
}
