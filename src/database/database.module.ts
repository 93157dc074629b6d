import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { databaseFailure } from '../common/errors/database-failure';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { guardTransactions } from './transaction-scope';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const options = dataSourceOptions(config);
        return {
          ...options,
          // Bounded waits everywhere: for a pool connection, for a statement (lock waits
          // included), and for a transaction left idle; none of them can hang a request.
          extra: {
            ...options.extra,
            connectionTimeoutMillis: config.DB_ACQUIRE_TIMEOUT_MS,
            statement_timeout: config.DB_STATEMENT_TIMEOUT_MS,
            idle_in_transaction_session_timeout: config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
          },
          autoLoadEntities: true,
          retryAttempts: 2,
          retryDelay: 500,
        };
      },
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        guardTransactions(dataSource, (err) => databaseFailure(err) ?? err);
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
