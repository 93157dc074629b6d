import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ClassificationCodes } from '../../classification/classification-codes';
import { letterReadersSql } from '../../letters/access/letter-access.repository';
import { WIB_TIME_ZONE } from '../../common/time/wib';
import { JobHandler } from '../../queue/job-handler.decorator';
import type { JobPayloads } from '../../queue/jobs';
import { AppConfig } from '../../config/app-config';
import { analyzerFingerprint, indexText } from '../morphology/analyzer';
import { configureRootWords } from '../morphology/stemmer';
import { normalizeLetterNumber } from '../query/letter-number';
import { normalizeText } from '../morphology/tokenizer';

/** The columns of a letter the index reads, gathered in one statement. */
interface SourceRow {
  id: string;
  kind: string;
  workflow_key: string;
  subject: string;
  body: Record<string, unknown> | null;
  number: string | null;
  state: string;
  sifat: string;
  classification_code: string | null;
  unit_id: string | null;
  unit_name: string | null;
  letter_date: Date;
  sender_name: string | null;
  sender_address: string | null;
  sender_number: string | null;
  agenda_number: string | null;
  position_names: string | null;
  file_text: string | null;
}

/** One row of letter_search, as the upsert takes it. */
export interface IndexRow {
  letterId: string;
  /** tsvector literals (morphology/analyzer): the stemmed vector of each weight A-D and the unstemmed ones. */
  stemmed: [string, string, string, string];
  plain: [string, string, string, string];
  numbers: string;
  names: string;
  content: string;
  number: string | null;
  subject: string;
  type: string;
  kind: string;
  classificationCode: string | null;
  unitId: string | null;
  sifat: string;
  state: string;
  letterDate: Date;
}

/** Stored text of a letter kept for snippets: enough for any highlight, bounded for ts_headline. */
const CONTENT_MAX = 100_000;
/** Letters analysed between two turns of the event loop. */
const YIELD_EVERY = 10;
/** How many letters one statement rebuilds. */
const BATCH = 500;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** The plain text of a letter body: paragraphs, the event table, the closing and the lampiran line. */
export function bodyText(body: Record<string, unknown> | null): string {
  if (!body) return '';
  const events = Array.isArray(body.eventDetails) ? (body.eventDetails as { label?: unknown; value?: unknown }[]).map((e) => `${e?.label ?? ''} ${e?.value ?? ''}`) : [];
  return [...strings(body.paragraphs), ...events, ...strings(body.closing), typeof body.lampiran === 'string' ? body.lampiran : ''].filter(Boolean).join('\n');
}

/** The names of the external recipients written on the letter. */
function externalNames(body: Record<string, unknown> | null): string[] {
  const list = body && Array.isArray(body.externalRecipients) ? (body.externalRecipients as { name?: unknown; address?: unknown }[]) : [];
  return list.flatMap((r) => [r?.name, r?.address]).filter((v): v is string => typeof v === 'string');
}

/** Builds a letter's index row from its columns: pure, so the bench and the tests use the same. */
export function indexRow(row: SourceRow, classificationName: (code: string) => string | undefined): IndexRow {
  const numbers = [row.number, row.sender_number, row.agenda_number].filter((n): n is string => !!n);
  const classification = row.classification_code ? `${row.classification_code} ${classificationName(row.classification_code) ?? ''}` : '';
  const names = [row.sender_name ?? '', row.sender_address ?? '', row.unit_name ?? '', row.position_names ?? '', ...externalNames(row.body)].filter(Boolean).join(' ');
  const body = bodyText(row.body);
  const files = row.file_text ?? '';
  // The analyzer splits numbers into their parts (`215`, `dinkes`, `2026`) as words of weight A.
  const fields = [indexText(`${numbers.join(' ')} ${row.subject}`, 'A'), indexText(`${names} ${classification}`, 'B'), indexText(body, 'C'), indexText(files, 'D')];
  return {
    letterId: row.id,
    stemmed: fields.map((f) => f.stemmed) as IndexRow['stemmed'],
    plain: fields.map((f) => f.plain) as IndexRow['plain'],
    numbers: numbers.map(normalizeLetterNumber).join(' '),
    names: normalizeText(names).replace(/\s+/g, ' ').trim(),
    content: [row.subject, body, files].filter(Boolean).join('\n').slice(0, CONTENT_MAX),
    number: row.number,
    subject: row.subject,
    type: row.workflow_key,
    kind: row.kind,
    classificationCode: row.classification_code,
    unitId: row.unit_id,
    sifat: row.sifat,
    state: row.state,
    letterDate: row.letter_date,
  };
}

/**
 * Keeps letter_search in step with the letters. Each change writes a `search.index` outbox
 * event (triggers on the tables the index reads, and the writers of attachment text and archive
 * data); the relay turns them into jobs and this rebuilds the rows of their letters, whole, so
 * running a job twice changes nothing.
 */
@Injectable()
export class SearchIndexer implements OnApplicationBootstrap {
  private readonly logger = new Logger('SearchIndexer');
  /** Whether D's letter_text table exists yet; looked up until it does. */
  private hasLetterText = false;
  private readonly classificationName: (code: string) => string | undefined;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    classification: ClassificationCodes,
    config: AppConfig,
  ) {
    this.classificationName = (code) => classification.get(code)?.name;
    // The stemmer's root-word list, read now: a missing file stops the start with its name.
    configureRootWords(config.SEARCH_ROOT_WORDS_FILE);
  }

  /**
   * At start: an empty index beside letters (a restored database, a truncated table), or an index
   * built by another analyzer (stemmer, root list, exceptions or stop words changed): every letter
   * is queued for the workers.
   */
  async onApplicationBootstrap(): Promise<void> {
    const queued = await this.queueAllIfEmpty().catch((err: Error) => {
      this.logger.warn(`Could not check the search index at start: ${err.message}`);
      return 0;
    });
    if (queued > 0) this.logger.log(`The search index was empty: ${queued} letter(s) queued for indexing`);
    const requeued = await this.queueAllIfAnalyzerChanged().catch((err: Error) => {
      this.logger.warn(`Could not check the search analyzer at start: ${err.message}`);
      return 0;
    });
    if (requeued > 0) this.logger.log(`The search analyzer changed: ${requeued} letter(s) queued to be indexed again`);
  }

  /**
   * Compares the analyzer fingerprint stored beside the index with this process's; when it
   * differs (or none is stored yet) every indexed letter gets a `search.index` outbox event and
   * the new fingerprint is stored, in one transaction that one process at a time runs. Returns
   * how many letters were queued. Rows are rebuilt whole, so queries meanwhile see each letter
   * in its old or its new stems, never a mix within a row.
   */
  async queueAllIfAnalyzerChanged(): Promise<number> {
    const fingerprint = analyzerFingerprint();
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('letter_search:analyzer'))`);
      const stored: { value: string }[] = await tx.query(`SELECT value FROM search_index_state WHERE key = 'analyzer'`);
      if (stored[0]?.value === fingerprint) return 0;
      const [{ n }] = await tx.query(
        `WITH queued AS (
           INSERT INTO outbox_event (letter_id, type, payload)
           SELECT letter_id, 'search.index', jsonb_build_object('letterId', letter_id) FROM letter_search ORDER BY letter_id
           RETURNING 1)
         SELECT count(*)::int AS n FROM queued`,
      );
      await this.storeFingerprint(tx, fingerprint);
      return n;
    });
  }

  /** Records the analyzer the index is (being) built with. */
  async storeFingerprint(manager: EntityManager, fingerprint = analyzerFingerprint()): Promise<void> {
    await manager.query(
      `INSERT INTO search_index_state (key, value) VALUES ('analyzer', $1)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [fingerprint],
    );
  }

  /** Writes a `search.index` outbox event for every letter when the index holds none; one process does it. */
  async queueAllIfEmpty(): Promise<number> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('letter_search:backfill'))`);
      const [{ n }] = await tx.query(
        `WITH queued AS (
           INSERT INTO outbox_event (letter_id, type, payload)
           SELECT id, 'search.index', jsonb_build_object('letterId', id) FROM letter
            WHERE state <> '$new' AND NOT EXISTS (SELECT 1 FROM letter_search)
              AND NOT EXISTS (SELECT 1 FROM outbox_event WHERE type = 'search.index' AND dispatched_at IS NULL)
            ORDER BY id
           RETURNING 1)
         SELECT count(*)::int AS n FROM queued`,
      );
      return n;
    });
  }

  @JobHandler('search.index')
  async handle(job: JobPayloads['search.index']): Promise<void> {
    await this.rebuild(this.db.manager, job.letterIds);
  }

  /** Rebuilds the index rows of these letters (and drops rows of letters that are gone); returns how many were written. */
  async rebuild(manager: EntityManager, letterIds: readonly string[]): Promise<number> {
    let written = 0;
    const ids = [...new Set(letterIds)];
    for (let i = 0; i < ids.length; i += BATCH) written += await this.rebuildBatch(manager, ids.slice(i, i + BATCH));
    return written;
  }

  /** Every letter, in batches by id (the backfill command); returns how many were written. */
  async rebuildAll(manager: EntityManager, onProgress?: (done: number) => void): Promise<number> {
    let after = '00000000-0000-0000-0000-000000000000';
    let done = 0;
    for (;;) {
      const rows: { id: string }[] = await manager.query(`SELECT id FROM letter WHERE id > $1 ORDER BY id LIMIT ${BATCH}`, [after]);
      if (rows.length === 0) {
        // Every row is now this analyzer's: a start with the same one queues nothing.
        await this.storeFingerprint(manager);
        return done;
      }
      done += await this.rebuildBatch(manager, rows.map((r) => r.id));
      after = rows[rows.length - 1].id;
      onProgress?.(done);
    }
  }

  private async rebuildBatch(manager: EntityManager, ids: string[]): Promise<number> {
    const sources = await this.sources(manager, ids);
    // Stemming is CPU work on the event loop: a few letters at a time, so the requests and
    // transactions of this process go on between them.
    const rows: IndexRow[] = [];
    for (const source of sources) {
      rows.push(indexRow(source, this.classificationName));
      if (rows.length % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const gone = ids.filter((id) => !sources.some((s) => s.id === id));
    if (gone.length > 0) await manager.query(`DELETE FROM letter_search WHERE letter_id = ANY($1::uuid[])`, [gone]);
    if (rows.length > 0) await this.upsert(manager, rows);
    return rows.length;
  }

  private async sources(manager: EntityManager, ids: string[]): Promise<SourceRow[]> {
    if (!this.hasLetterText) {
      const [{ found }] = await manager.query(`SELECT to_regclass('letter_text') IS NOT NULL AS found`);
      this.hasLetterText = found;
    }
    const fileText = this.hasLetterText
      ? `(SELECT string_agg(t.text, E'\\n' ORDER BY t.created_at, t.id) FROM letter_text t WHERE t.letter_id = l.id AND t.text IS NOT NULL)`
      : 'NULL::text';
    return manager.query(
      `SELECT l.id, l.kind, l.workflow_key, l.subject, l.body, l.number, l.state, l.sifat, l.classification_code, l.unit_id, u.name AS unit_name,
              coalesce(l.numbered_at, (il.sender_date::timestamp AT TIME ZONE '${WIB_TIME_ZONE}'), l.created_at) AS letter_date,
              il.sender_name, il.sender_address, il.sender_number, il.agenda_number,
              (SELECT string_agg(DISTINCT po.name, ' ') FROM letter_participant lp JOIN position po ON po.id = lp.position_id WHERE lp.letter_id = l.id) AS position_names,
              ${fileText} AS file_text
         FROM letter l LEFT JOIN incoming_letter il ON il.letter_id = l.id LEFT JOIN unit u ON u.id = l.unit_id
        WHERE l.id = ANY($1::uuid[]) AND l.state <> '$new'`,
      [ids],
    );
  }

  /** Writes index rows, one statement for the batch. */
  async upsert(manager: EntityManager, rows: IndexRow[]): Promise<void> {
    const col = <T>(f: (r: IndexRow) => T) => rows.map(f);
    await manager.query(
      `INSERT INTO letter_search (letter_id, document, plain, numbers, names, content, number, subject, type, kind, classification_code, unit_id, sifat, state, letter_date, year, readers, indexed_at)
       SELECT r.id, r.a::tsvector || r.b::tsvector || r.c::tsvector || r.d::tsvector,
              r.pa::tsvector || r.pb::tsvector || r.pc::tsvector || r.pd::tsvector, r.numbers, r.names, r.content, r.number, r.subject, r.type, r.kind, r.classification_code, r.unit_id, r.sifat, r.state,
              r.letter_date, extract(year FROM r.letter_date AT TIME ZONE '${WIB_TIME_ZONE}')::int, ${letterReadersSql('r.id')}, now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[],
                     $12::text[], $13::text[], $14::text[], $15::uuid[], $16::text[], $17::text[], $18::timestamptz[], $19::text[], $20::text[], $21::text[])
              AS r(id, a, b, c, d, pa, numbers, names, content, number, subject, type, kind, classification_code, unit_id, sifat, state, letter_date, pb, pc, pd)
       ON CONFLICT (letter_id) DO UPDATE SET document = EXCLUDED.document, plain = EXCLUDED.plain, numbers = EXCLUDED.numbers, names = EXCLUDED.names,
              content = EXCLUDED.content, number = EXCLUDED.number, subject = EXCLUDED.subject, type = EXCLUDED.type, kind = EXCLUDED.kind,
              classification_code = EXCLUDED.classification_code, unit_id = EXCLUDED.unit_id, sifat = EXCLUDED.sifat, state = EXCLUDED.state,
              letter_date = EXCLUDED.letter_date, year = EXCLUDED.year, readers = EXCLUDED.readers, indexed_at = EXCLUDED.indexed_at`,
      [
        col((r) => r.letterId),
        col((r) => r.stemmed[0]),
        col((r) => r.stemmed[1]),
        col((r) => r.stemmed[2]),
        col((r) => r.stemmed[3]),
        col((r) => r.plain[0]),
        col((r) => r.numbers),
        col((r) => r.names),
        col((r) => r.content),
        col((r) => r.number),
        col((r) => r.subject),
        col((r) => r.type),
        col((r) => r.kind),
        col((r) => r.classificationCode),
        col((r) => r.unitId),
        col((r) => r.sifat),
        col((r) => r.state),
        col((r) => r.letterDate),
        col((r) => r.plain[1]),
        col((r) => r.plain[2]),
        col((r) => r.plain[3]),
      ],
    );
    this.logger.debug(`Indexed ${rows.length} letter(s)`);
  }
}
