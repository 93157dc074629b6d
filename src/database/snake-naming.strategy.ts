import { DefaultNamingStrategy, NamingStrategyInterface, Table } from 'typeorm';

const snake = (s: string) =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();

const tableName = (t: Table | string) => (typeof t === 'string' ? t : t.name).split('.').pop() as string;

/** Tables and columns in snake_case, whatever the entity property is called. */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override tableName(className: string, customName?: string): string {
    return customName ?? snake(className.replace(/Entity$/, ''));
  }

  override columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    return snake(prefixes.concat(customName ?? propertyName).join('_'));
  }

  override relationName(propertyName: string): string {
    return snake(propertyName);
  }

  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snake(`${relationName}_${referencedColumnName}`);
  }

  override joinTableName(firstTableName: string, secondTableName: string, firstPropertyName: string): string {
    return snake(`${firstTableName}_${firstPropertyName.replace(/\./g, '_')}_${secondTableName}`);
  }

  override joinTableColumnName(tableName: string, propertyName: string, columnName?: string): string {
    return snake(`${tableName}_${columnName ?? propertyName}`);
  }

  // Readable, deterministic constraint names, so hand-written migrations and generated ones agree.
  override primaryKeyName(tableOrName: Table | string, columnNames: string[]): string {
    return `pk_${tableName(tableOrName)}_${columnNames.join('_')}`.slice(0, 63);
  }

  override foreignKeyName(tableOrName: Table | string, columnNames: string[]): string {
    return `fk_${tableName(tableOrName)}_${columnNames.join('_')}`.slice(0, 63);
  }

  override indexName(tableOrName: Table | string, columnNames: string[]): string {
    return `ix_${tableName(tableOrName)}_${columnNames.join('_')}`.slice(0, 63);
  }

  override uniqueConstraintName(tableOrName: Table | string, columnNames: string[]): string {
    return `uq_${tableName(tableOrName)}_${columnNames.join('_')}`.slice(0, 63);
  }
}
