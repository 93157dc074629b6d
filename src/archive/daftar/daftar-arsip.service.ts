import { Injectable } from '@nestjs/common';
import { ReadReplicas } from '../../database/read-replicas';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PersonPrincipal } from '../../records/principal';
import { wibDate } from '../../common/time/wib';
import { toCsv } from '../../letters/agenda/agenda-csv';
import { ArchiveError, ArchiveErrorCode } from '../archive.errors';
import { BerkasStatus } from '../../records/berkas.entity';
import { BerkasService } from '../berkas/berkas.service';
import { renderDaftarPdf } from './daftar-arsip-pdf';
import { DaftarArsipDto, DaftarArsipQuery, DaftarArsipRowDto, DaftarKind } from './dto/daftar-arsip.dto';

const STATUSES: Record<DaftarKind, BerkasStatus[]> = {
  aktif: [BerkasStatus.Open, BerkasStatus.Closed],
  // Proposed for disposal, a berkas is still kept inactive until the berita acara.
  inaktif: [BerkasStatus.Inactive, BerkasStatus.ProposedForDisposal],
};

const TITLE: Record<DaftarKind, string> = { aktif: 'Daftar Arsip Aktif', inaktif: 'Daftar Arsip Inaktif' };

/** The columns of the list (Perka ANRI / Permendagri), with their share of the PDF's width. */
const COLUMNS: Record<DaftarKind, { key: keyof DaftarArsipRowDto; header: string; width: number }[]> = {
  aktif: [
    { key: 'no', header: 'No', width: 3 },
    { key: 'number', header: 'Nomor Berkas', width: 6 },
    { key: 'classificationCode', header: 'Kode Klasifikasi', width: 8 },
    { key: 'title', header: 'Uraian Informasi Berkas', width: 30 },
    { key: 'kurunWaktu', header: 'Kurun Waktu', width: 8 },
    { key: 'itemCount', header: 'Jumlah Item', width: 6 },
    { key: 'tingkatPerkembangan', header: 'Tingkat Perkembangan', width: 10 },
    { key: 'keterangan', header: 'Keterangan (Lokasi Simpan)', width: 17 },
  ],
  inaktif: [
    { key: 'no', header: 'No', width: 3 },
    { key: 'number', header: 'Nomor Berkas', width: 6 },
    { key: 'classificationCode', header: 'Kode Klasifikasi', width: 8 },
    { key: 'title', header: 'Uraian Informasi Berkas', width: 26 },
    { key: 'kurunWaktu', header: 'Kurun Waktu', width: 7 },
    { key: 'itemCount', header: 'Jumlah Item', width: 5 },
    { key: 'tingkatPerkembangan', header: 'Tingkat Perkembangan', width: 9 },
    { key: 'inactiveUntil', header: 'Retensi Inaktif s.d.', width: 8 },
    { key: 'nasibAkhir', header: 'Nasib Akhir', width: 7 },
    { key: 'keterangan', header: 'Keterangan (Lokasi Simpan)', width: 14 },
  ],
};

/** Daftar Arsip Aktif / Inaktif of a unit (and the units below it), as JSON, CSV or PDF. */
@Injectable()
export class DaftarArsipService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reads: ReadReplicas,
    private readonly berkas: BerkasService,
  ) {}

  async list(q: DaftarArsipQuery, principal: PersonPrincipal): Promise<DaftarArsipDto> {
    const unitId = q.unitId ?? principal.positions[0]?.unitId;
    if (!unitId) throw new ArchiveError(ArchiveErrorCode.NO_POSITION, 'Name a unit: you hold no position');
    const unitName = await this.berkas.assertKeepsUnit(this.db, unitId, principal);
    const ids: { id: string }[] = await this.reads.query(principal,
      `SELECT b.id FROM berkas b
        WHERE b.unit_id IN (WITH RECURSIVE down AS (SELECT id FROM unit WHERE id = $1 UNION ALL SELECT u.id FROM unit u JOIN down ON u.parent_id = down.id) SELECT id FROM down)
          AND b.status = ANY($2::text[])
        ORDER BY b.classification_code, b.unit_id, b.number`,
      [unitId, STATUSES[q.kind]],
    );
    const berkas = ids.length ? await this.berkas.listByIds(ids.map((r) => r.id)) : [];
    return {
      kind: q.kind,
      title: TITLE[q.kind],
      unitId,
      unitName,
      date: wibDate(new Date()),
      items: berkas.map((b, i) => ({
        no: i + 1,
        berkasId: b.id,
        number: b.number,
        unitName: b.unitName,
        classificationCode: b.classificationCode,
        title: b.title,
        kurunWaktu: b.kurunWaktu,
        itemCount: b.itemCount,
        tingkatPerkembangan: b.developmentLevelLabel,
        keterangan: b.location ?? '',
        statusLabel: b.statusLabel,
        inactiveUntil: b.retention.inactiveUntil,
        nasibAkhir: b.retention.dispositionLabel,
      })),
    };
  }

  csv(list: DaftarArsipDto): string {
    return toCsv(COLUMNS[list.kind], list.items as unknown as Record<string, unknown>[]);
  }

  pdf(list: DaftarArsipDto): Promise<Uint8Array> {
    return renderDaftarPdf({
      title: list.title.toUpperCase(),
      subtitle: [list.unitName, `Per tanggal ${list.date}`],
      columns: COLUMNS[list.kind],
      rows: list.items as unknown as Record<string, unknown>[],
    });
  }

  /** The download's name: daftar-arsip-aktif-<unit>-<date>. */
  fileName(list: DaftarArsipDto, ext: 'csv' | 'pdf'): string {
    const unit = list.unitName.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').toLowerCase();
    return `daftar-arsip-${list.kind}-${unit}-${list.date}.${ext}`;
  }
}
