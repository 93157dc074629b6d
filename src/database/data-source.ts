// Data source for the TypeORM CLI (migration:generate / migration:run), from the built dist/.
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

export default new DataSource({
  ...dataSourceOptions(loadConfig()),
  entities: [join(__dirname, '..', '**', '*.entity.js')],
});
