import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ensureDeploymentCa, trustAnchorsOf } from './deployment-ca';
import { KeyAndCertificate } from './signing';

/** The deployment CA for this process: created when missing, unsealed once, then kept in memory. */
@Injectable()
export class DeploymentCaService {
  private ca?: Promise<KeyAndCertificate>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
  ) {}

  get(): Promise<KeyAndCertificate> {
    this.ca ??= ensureDeploymentCa(this.db, this.config).catch((err) => {
      this.ca = undefined;
      throw err;
    });
    return this.ca;
  }

  async trustAnchors(): Promise<string[]> {
    return trustAnchorsOf((await this.get()).certificatePem, this.config);
  }
}
