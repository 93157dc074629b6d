import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { migrations } from './migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { TypeOrmLogBridge } from './typeorm-logger';

export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  return {
    type: 'postgres',
    host: config.DB_HOST,
    port: config.DB_PORT,
    username: config.DB_USER,
    password: config.DB_PASSWORD || undefined,
    database: config.DB_NAME,
    namingStrategy: new SnakeNamingStrategy(),
    migrations: migrations.map((m) => ('withConfig' in m && typeof m.withConfig === 'function' ? m.withConfig(config) : m)),
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logger: new TypeOrmLogBridge(),
    extra: { max: config.DB_POOL_SIZE, application_name: 'esurat-core' },
  };
}
