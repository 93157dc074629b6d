import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAction, AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { WorkflowDefinition } from '../records/workflow-definition.types';
import { WorkflowRegistry } from '../workflow/workflow-registry.service';
import { calendarIn, checkFormat, parseFormat, ParsedFormat } from './number-format';
import { NumberFormatEntity } from '../records/number-format.entity';
import { NumberFormatDefinition, NumberingConfig, parseNumberingConfig, patternClashes } from './numbering-config';
import { NumberingConfigError, NumberingError, NumberingErrorCode } from './numbering.errors';

/** A format as it applies now: the file's, or the admin's override of its pattern and scope. */
export interface EffectiveFormat extends NumberFormatDefinition {
  parsed: ParsedFormat;
  source: 'file' | 'database';
  updatedAt: Date | null;
  updatedByPersonId: string | null;
}

export interface FormatChange {
  pattern: string;
  scope: string[];
  label?: string;
}

const NUMBERING_ACTION = 'assignNumber';

/**
 * The number formats: config/numbering.yaml, checked at start-up (the server refuses to start
 * on a wrong file, or when a workflow that assigns numbers has no format), with the admin's
 * overrides from number_format. Overrides are read in the caller's transaction, so every
 * process (API and workers) applies a change at once.
 */
@Injectable()
export class NumberFormatsService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('Numbering');
  private file = '';
  private config: NumberingConfig;
  private readonly parsed = new Map<string, ParsedFormat>();

  constructor(
    private readonly appConfig: AppConfig,
    private readonly registry: WorkflowRegistry,
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.file = resolve(this.appConfig.NUMBERING_CONFIG);
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      throw new NumberingConfigError([`${this.file}: cannot read the numbering configuration (${(error as NodeJS.ErrnoException).code})`]);
    }
    this.config = parseNumberingConfig(text, this.file);
    this.logger.log(`Loaded ${this.config.formats.length} number format(s) from ${this.file}: ${this.config.formats.map((f) => f.key).join(', ')}`);
  }

  /** Workflows are loaded by now: each one that assigns numbers needs a format for its letter type. */
  onApplicationBootstrap(): void {
    const missing = this.registry
      .all()
      .filter(({ workflow }) => assignsNumbers(workflow.definition) && !this.fileFormatForType(workflow.key))
      .map(({ workflow }) => `${this.file}: no format numbers the letter type "${workflow.key}", whose workflow assigns numbers (add it to the types of a format)`);
    if (missing.length > 0) throw new NumberingConfigError(missing);
  }

  get settings(): NumberingConfig {
    return this.config;
  }

  /** The format that numbers a letter type. */
  async forType(manager: EntityManager, type: string): Promise<EffectiveFormat> {
    const definition = this.fileFormatForType(type);
    if (!definition) {
      throw NumberingError.unprocessable(NumberingErrorCode.NUMBERING_TYPE_UNKNOWN, `No number format numbers letters of type "${type}"`, { type });
    }
    const override = await manager.findOne(NumberFormatEntity, { where: { key: definition.key } });
    return this.effective(definition, override);
  }

  async list(manager: EntityManager = this.db.manager): Promise<EffectiveFormat[]> {
    const overrides = await manager.find(NumberFormatEntity);
    return this.config.formats.map((f) => this.effective(f, overrides.find((o) => o.key === f.key) ?? null));
  }

  /**
   * Changes the pattern and scope of a format. A scope change is refused while the format
   * has counters for this year or later: new counters would start again at 1 and re-issue
   * numbers already given.
   */
  async update(key: string, change: FormatChange, personId: string): Promise<EffectiveFormat> {
    const definition = this.config.formats.find((f) => f.key === key);
    if (!definition) throw NumberingError.notFound(NumberingErrorCode.NUMBERING_FORMAT_NOT_FOUND, `No number format "${key}"`, { key });
    const problems = checkFormat(change.pattern, change.scope);
    if (problems.length > 0) throw NumberingError.formatInvalid(problems);
    return this.db.transaction(async (tx) => {
      // One change at a time, so the clash and in-use checks see the other formats as they stay.
      await tx.query('SELECT pg_advisory_xact_lock(727300)');
      const all = await this.list(tx);
      const current = all.find((f) => f.key === key) as EffectiveFormat;
      const clashes = patternClashes(all.map((f) => (f.key === key ? { key, pattern: change.pattern } : f)));
      if (clashes.length > 0) throw NumberingError.formatInvalid(clashes);
      if (!sameScope(current.scope, change.scope)) await this.refuseScopeChangeInUse(tx, key);
      await tx.query(
        `INSERT INTO number_format (key, label, pattern, scope, updated_by_person_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (key) DO UPDATE SET label = EXCLUDED.label, pattern = EXCLUDED.pattern, scope = EXCLUDED.scope,
                updated_by_person_id = EXCLUDED.updated_by_person_id, updated_at = now()`,
        [key, change.label ?? current.label, change.pattern, change.scope, personId],
      );
      await this.audit.record(tx, {
        action: AuditAction.NumberFormatUpdate,
        object: { type: 'number_format', id: key },
        details: { pattern: change.pattern, scope: change.scope, previous: { pattern: current.pattern, scope: current.scope } },
      });
      return this.effective(definition, await tx.findOneOrFail(NumberFormatEntity, { where: { key } }));
    });
  }

  private async refuseScopeChangeInUse(tx: EntityManager, key: string): Promise<void> {
    const { year } = calendarIn(new Date(), this.config.timeZone);
    const [used] = await tx.query('SELECT year FROM number_counter WHERE format_key = $1 AND year >= $2 LIMIT 1', [key, year]);
    if (used) {
      throw NumberingError.conflict(
        NumberingErrorCode.NUMBERING_FORMAT_IN_USE,
        `Format "${key}" has issued numbers for ${used.year}; its scope can change only before it issues numbers for a year`,
        { key, year: used.year },
      );
    }
  }

  private fileFormatForType(type: string): NumberFormatDefinition | undefined {
    return this.config.formats.find((f) => f.types.includes(type));
  }

  private effective(definition: NumberFormatDefinition, override: NumberFormatEntity | null): EffectiveFormat {
    const pattern = override?.pattern ?? definition.pattern;
    return {
      ...definition,
      label: override?.label ?? definition.label,
      pattern,
      scope: override?.scope ?? definition.scope,
      parsed: this.parse(pattern),
      source: override ? 'database' : 'file',
      updatedAt: override?.updatedAt ?? null,
      updatedByPersonId: override?.updatedByPersonId ?? null,
    };
  }

  /** Patterns were checked when the file was loaded or the override saved. */
  private parse(pattern: string): ParsedFormat {
    let format = this.parsed.get(pattern);
    if (!format) {
      const result = parseFormat(pattern);
      if (!result.ok) throw NumberingError.formatInvalid(result.problems);
      format = result.format;
      this.parsed.set(pattern, format);
    }
    return format;
  }
}

function assignsNumbers(definition: WorkflowDefinition): boolean {
  return (
    Object.values(definition.states).some((s) => s.onEntry.includes(NUMBERING_ACTION) || s.onStep.includes(NUMBERING_ACTION)) ||
    Object.values(definition.events).some((e) => e.actions.includes(NUMBERING_ACTION))
  );
}

const sameScope = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((k) => b.includes(k));
