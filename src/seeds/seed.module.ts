import { Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { isDatabaseEmpty, seedDemoCity } from './demo-city.seed';

/** Seeds the demo city at start when the database is empty, outside production. */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.isProduction || !this.config.DEMO_SEED) return;
    if (await isDatabaseEmpty(this.db)) await seedDemoCity(this.db, this.config, this.logger);
  }
}

@Module({ providers: [DemoSeeder] })
export class SeedModule {}
