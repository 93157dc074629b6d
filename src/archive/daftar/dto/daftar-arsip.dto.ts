import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';

export const DAFTAR_KINDS = ['aktif', 'inaktif'] as const;
export type DaftarKind = (typeof DAFTAR_KINDS)[number];

export class DaftarArsipQuery {
  /** aktif: berkas open or closed at the unit; inaktif: berkas moved to inactive (proposed for disposal included). */
  @IsIn(DAFTAR_KINDS)
  kind: DaftarKind;

  /** Defaults to the unit of the caller's first position; the units below it are included. */
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @IsOptional()
  @IsIn(['json', 'csv', 'pdf'])
  format?: 'json' | 'csv' | 'pdf';
}

/** One line of a daftar arsip: the columns of the ANRI / Permendagri list. */
export class DaftarArsipRowDto {
  /** Nomor urut in the list. */
  no: number;
  berkasId: string;
  /** Nomor berkas within its unit. */
  number: number;
  unitName: string;
  classificationCode: string;
  /** Uraian. */
  title: string;
  kurunWaktu: string;
  /** Jumlah item (letters in the berkas). */
  itemCount: number;
  tingkatPerkembangan: string;
  /** Keterangan: lokasi simpan. */
  keterangan: string;
  statusLabel: string;
  /** Daftar arsip inaktif: last day of the inactive retention and the final disposition. */
  inactiveUntil: string | null;
  nasibAkhir: string;
}

export class DaftarArsipDto {
  @ApiProperty({ enum: DAFTAR_KINDS, enumName: 'DaftarKind' })
  kind: DaftarKind;
  /** "Daftar Arsip Aktif" or "Daftar Arsip Inaktif". */
  title: string;
  unitId: string;
  unitName: string;
  /** The day the list was drawn up (WIB). */
  date: string;
  items: DaftarArsipRowDto[];
}
