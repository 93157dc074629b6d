import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PersonPrincipal } from '../../records/principal';
import { AuditAction, AuditService } from '../../audit/audit.service';
import { wibDate } from '../../common/time/wib';
import { SIFAT_LABEL, Sifat } from '../../records/letter.entity';
import { ObjectStream, StorageService } from '../../storage/storage.service';
import { BerkasStatus } from '../../records/berkas.entity';
import { BerkasService } from '../berkas/berkas.service';
import { assertNoLegalHold } from '../retention/legal-hold';
import { DisposalError, DisposalErrorCode } from '../disposal/disposal.errors';
import { assertArchivist, assertDistinct, assertDue, isUuid } from '../disposal/disposal.service';
import { TransferDto } from './dto/transfer.dto';
import { ZipWriter } from './zip-writer';

/** The biggest package written (the ZIP of the PDFs of the berkas). */
const MAX_PACKAGE_BYTES = 20 * 1024 ** 3;

/** A letter of a berkas with its files, as the package lists it. */
interface PackageLetter {
  berkasId: string;
  berkasNumber: number;
  unitCode: string;
  berkasTitle: string;
  berkasClassification: string;
  periodFrom: string | null;
  periodTo: string | null;
  letterId: string;
  kind: string;
  number: string | null;
  date: string | null;
  classificationCode: string | null;
  sifat: Sifat;
  subject: string;
  files: { objectId: string; kind: string; name: string | null; sha256: string }[];
}

/**
 * Every letter of the berkas, in berkas order then by date, with its current document (the
 * signed PDF), its attachments and an incoming letter's scan: stored files not deleted.
 */
const PACKAGE_LETTERS_SQL = `
  SELECT b.id AS "berkasId", b.number AS "berkasNumber", u.code AS "unitCode", b.title AS "berkasTitle", b.classification_code AS "berkasClassification",
         b.period_from::text AS "periodFrom", b.period_to::text AS "periodTo",
         l.id AS "letterId", l.kind, l.number, COALESCE(il.sender_date::text, to_char(l.numbered_at AT TIME ZONE 'Asia/Jakarta', 'YYYY-MM-DD')) AS date,
         l.classification_code AS "classificationCode", l.sifat, l.subject,
         (SELECT coalesce(json_agg(json_build_object('objectId', f.object_id, 'kind', f.kind, 'name', f.name, 'sha256', o.sha256) ORDER BY f.ord, f.name), '[]')
            FROM (SELECT d.object_id, 'document' AS kind, NULL::text AS name, 0 AS ord FROM letter_document d WHERE d.id = l.current_document_id
                  UNION ALL SELECT il.scan_object_id, 'scan', NULL, 1 WHERE il.scan_object_id IS NOT NULL
                  UNION ALL SELECT a.object_id, 'attachment', a.name, 2 FROM letter_attachment a WHERE a.letter_id = l.id) f
            JOIN stored_object o ON o.id = f.object_id AND o.deleted_at IS NULL) AS files
    FROM unnest($1::uuid[]) WITH ORDINALITY AS t(id, n)
    JOIN berkas b ON b.id = t.id
    JOIN unit u ON u.id = b.unit_id
    JOIN berkas_item bi ON bi.berkas_id = b.id
    JOIN letter l ON l.id = bi.letter_id
    LEFT JOIN incoming_letter il ON il.letter_id = l.id
   ORDER BY t.n, date NULLS LAST, l.number, l.id`;

const CSV_COLUMNS = ['berkas_number', 'unit', 'berkas_title', 'berkas_classification', 'period', 'letter_id', 'kind', 'number', 'date', 'classification', 'sifat', 'subject', 'files'] as const;

const safeName = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 80) || 'berkas';
const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? '' : String(value);
  // A leading =, +, - or @ would be read as a formula by a spreadsheet.
  const guarded = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
};
const periodOf = (from: string | null, to: string | null) => [from, to].filter(Boolean).join('/');

/**
 * Transfer (serah) of permanent berkas to the ANRI / Lembaga Kearsipan Daerah: a ZIP with the
 * PDFs under data/, the metadata as JSON and CSV, and manifest-sha256.txt (BagIt: "sha256  path"
 * of every file under data/, measured as written). The recipient takes everything, Rahasia
 * letters included, so only an arsiparis builds or downloads it.
 */
@Injectable()
export class TransferService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly storage: StorageService,
    private readonly berkas: BerkasService,
    private readonly audit: AuditService,
  ) {}

  /** Builds the package of berkas due for serah (422 BERKAS_NOT_DUE, 409 LEGAL_HOLD), stores it and marks the berkas transferred. */
  async create(berkasIds: string[], principal: PersonPrincipal, today = wibDate(new Date())): Promise<TransferDto> {
    assertArchivist(principal);
    assertDistinct(berkasIds);
    const id = await this.db.transaction(async (tx) => {
      for (const berkasId of [...berkasIds].sort()) await this.berkas.lockManaged(tx, berkasId, principal);
      await assertNoLegalHold(tx, berkasIds);
      await assertDue(tx, berkasIds, today, 'serah');
      const letters: PackageLetter[] = await tx.query(PACKAGE_LETTERS_SQL, [berkasIds]);
      const { object, fileCount } = await this.writePackage(tx, letters, today);
      const [transfer] = await tx.query(`INSERT INTO archive_transfer (package_object_id, file_count, created_by_person_id) VALUES ($1, $2, $3) RETURNING id`, [
        object.id,
        fileCount,
        principal.personId,
      ]);
      await tx.query(`INSERT INTO archive_transfer_berkas (transfer_id, berkas_id) SELECT $1, unnest($2::uuid[])`, [transfer.id, berkasIds]);
      await this.berkas.setStatus(tx, berkasIds, BerkasStatus.Transferred);
      await this.audit.record(tx, {
        action: AuditAction.TransferBuild,
        object: { type: 'archive_transfer', id: transfer.id },
        details: { berkasIds, letterCount: letters.length, fileCount, packageSha256: object.sha256 },
      });
      return transfer.id as string;
    });
    return this.view(id, principal);
  }

  async view(id: string, principal: PersonPrincipal): Promise<TransferDto> {
    assertArchivist(principal);
    const [row] = await this.db.query(
      `SELECT t.id, t.file_count AS "fileCount", t.created_at AS "createdAt", o.size::bigint::float8 AS "packageSize", o.sha256 AS "packageSha256",
              (SELECT array_agg(tb.berkas_id ORDER BY tb.berkas_id) FROM archive_transfer_berkas tb WHERE tb.transfer_id = t.id)::text[] AS "berkasIds"
         FROM archive_transfer t JOIN stored_object o ON o.id = t.package_object_id WHERE t.id = $1`,
      [isUuid(id) ? id : null],
    );
    if (!row) throw new DisposalError(DisposalErrorCode.TRANSFER_NOT_FOUND, `Transfer ${id} not found`);
    return row;
  }

  /** The ZIP, for the arsiparis; each download is audited. */
  async package(id: string, principal: PersonPrincipal): Promise<ObjectStream> {
    assertArchivist(principal);
    const [row] = await this.db.query(`SELECT package_object_id FROM archive_transfer WHERE id = $1`, [isUuid(id) ? id : null]);
    if (!row) throw new DisposalError(DisposalErrorCode.TRANSFER_NOT_FOUND, `Transfer ${id} not found`);
    const opened = await this.storage.getStream(row.package_object_id);
    await this.audit.record(this.db, { action: AuditAction.TransferDownload, object: { type: 'archive_transfer', id }, details: { packageObjectId: row.package_object_id } });
    return opened;
  }

  /**
   * Streams the ZIP into storage while it is written: the PDFs first (one open at a time), then
   * the metadata, then the manifest of what was written.
   */
  private async writePackage(tx: EntityManager, letters: PackageLetter[], today: string) {
    const zip = new ZipWriter();
    const stored = this.storage.put(zip.output, { purpose: 'archive-transfer', contentType: 'application/zip', originalName: `serah-${today}.zip`, maxBytes: MAX_PACKAGE_BYTES }, tx);
    // An early failure of the upload must not go unhandled while the files are still being added.
    stored.catch(() => undefined);
    const metadata = letters.map((l, i) => {
      const folder = `data/${safeName(`${l.unitCode}-berkas-${l.berkasNumber}`)}`;
      const stem = `${String(i + 1).padStart(4, '0')}-${safeName(l.number ?? l.letterId)}`;
      const files = l.files.map((f, j) => {
        const path = f.kind === 'attachment' ? `${folder}/${stem}-lampiran-${j}-${safeName(f.name ?? 'lampiran')}` : `${folder}/${stem}${f.kind === 'scan' ? '-pindaian' : ''}.pdf`;
        zip.addLazy(path, async () => (await this.storage.getStream(f.objectId, tx)).stream);
        return { path, kind: f.kind, sha256: f.sha256 };
      });
      return {
        berkas: { id: l.berkasId, number: l.berkasNumber, unit: l.unitCode, title: l.berkasTitle, classificationCode: l.berkasClassification, period: periodOf(l.periodFrom, l.periodTo) },
        letter: { id: l.letterId, kind: l.kind, number: l.number, date: l.date, classificationCode: l.classificationCode, sifat: SIFAT_LABEL[l.sifat] ?? l.sifat, subject: l.subject },
        files,
      };
    });
    const json = Buffer.from(JSON.stringify({ createdOn: today, letters: metadata }, null, 2));
    const csv = Buffer.from(
      [
        CSV_COLUMNS.join(','),
        ...metadata.map((m) =>
          [m.berkas.number, m.berkas.unit, m.berkas.title, m.berkas.classificationCode, m.berkas.period, m.letter.id, m.letter.kind, m.letter.number, m.letter.date, m.letter.classificationCode, m.letter.sifat, m.letter.subject, m.files.map((f) => f.path).join(' ')]
            .map(csvCell)
            .join(','),
        ),
      ].join('\r\n') + '\r\n',
    );
    zip.addBuffer('data/metadata.json', json);
    zip.addBuffer('data/metadata.csv', csv);
    const written = await zip.written();
    zip.addBuffer('manifest-sha256.txt', Buffer.from(written.map(([path, sha]) => `${sha}  ${path}\n`).join('')));
    zip.addBuffer('bagit.txt', Buffer.from('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n'));
    zip.end();
    const object = await stored;
    const fileCount = written.length - 2;
    return { object, fileCount };
  }
}
