import { ApiProperty } from '@nestjs/swagger';
import { FinalDisposition, RetentionTrigger } from '../jra';

/** The retention a classification code carries under the JRA, each field its own or inherited. */
export class RetentionDto {
  /** Retensi aktif, in years. */
  activeYears: number;
  /** Retensi inaktif, in years. */
  inactiveYears: number;
  @ApiProperty({ enum: RetentionTrigger, enumName: 'RetentionTrigger' })
  trigger: RetentionTrigger;
  /** e.g. "Setelah berkas ditutup". */
  triggerLabel: string;
  @ApiProperty({ enum: FinalDisposition, enumName: 'FinalDisposition' })
  disposition: FinalDisposition;
  /** Musnah, Permanen or Dinilai Kembali. */
  dispositionLabel: string;
  /** Keterangan of the code's own schedule line. */
  note: string | null;
  /** The code whose schedule line it comes from (the code itself, or the nearest ancestor with a line). */
  definedAt: string;
}

/** One line of the resolved schedule. */
export class JraEntryDto extends RetentionDto {
  code: string;
  name: string;
  parentCode: string | null;
}

/** The deployment's Jadwal Retensi Arsip, every code of the classification list resolved. */
export class JraDto {
  /** The schedule's version, copied into each berkas filed under it. */
  version: string;
  entries: JraEntryDto[];
}
