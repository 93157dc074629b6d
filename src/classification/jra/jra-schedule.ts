import { readFileSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { ClassificationCodes } from '../classification-codes';
import { AppConfig } from '../../config/app-config';
import { JraDocument, parseJra, Retention } from './jra';

/** The deployment's Jadwal Retensi Arsip (JRA_CONFIG), read and checked once at start-up. */
@Injectable()
export class JraSchedule {
  private readonly doc: JraDocument;

  constructor(config: AppConfig, codes: ClassificationCodes) {
    this.doc = parseJra(readFileSync(config.JRA_CONFIG, 'utf8'), codes.list, config.JRA_CONFIG);
  }

  get version(): string {
    return this.doc.version;
  }

  /** The retention of a code of the classification list; undefined for a code not on it. */
  retention(code: string): Retention | undefined {
    return this.doc.byCode.get(code);
  }

  hasOwnLine(code: string): boolean {
    return this.doc.explicit.has(code);
  }
}
