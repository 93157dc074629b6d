import { ApiProperty } from '@nestjs/swagger';
import { Sifat } from '../../../records/letter.entity';
import { FinalDisposition, RetentionTrigger } from '../../../classification/jra/jra';
import { BerkasStatus, DevelopmentLevel } from '../../../records/berkas.entity';

/** The retention a berkas was filed under (copied from the JRA when it was created). */
export class BerkasRetentionDto {
  /** The JRA version it was filed under. */
  jraVersion: string;
  activeYears: number;
  inactiveYears: number;
  @ApiProperty({ enum: RetentionTrigger, enumName: 'RetentionTrigger' })
  trigger: RetentionTrigger;
  triggerLabel: string;
  @ApiProperty({ enum: FinalDisposition, enumName: 'FinalDisposition' })
  disposition: FinalDisposition;
  dispositionLabel: string;
  /** The day the trigger happened, for triggers the archivist records. */
  triggerOccurredOn: string | null;
  /** The day the clock started; null until the trigger is known. */
  clockStartedOn: string | null;
  /** Last day of the active retention (YYYY-MM-DD). */
  activeUntil: string | null;
  /** Last day of the inactive retention (YYYY-MM-DD). */
  inactiveUntil: string | null;
}

/** A legal hold on a berkas, current or lifted. */
export class LegalHoldDto {
  id: string;
  reason: string;
  placedByPersonId: string;
  placedByName: string;
  placedAt: string;
  liftedAt: string | null;
  liftedByPersonId: string | null;
  liftedByName: string | null;
  liftReason: string | null;
}

/** A berkas as lists show it. */
export class BerkasDto {
  id: string;
  unitId: string;
  unitName: string;
  /** Nomor berkas within its unit. */
  number: number;
  classificationCode: string;
  classificationName: string;
  /** Uraian. */
  title: string;
  periodFrom: string | null;
  periodTo: string | null;
  /** Kurun waktu as the daftar arsip prints it: the period given, else the span of its letters' years. */
  kurunWaktu: string;
  location: string | null;
  @ApiProperty({ enum: DevelopmentLevel, enumName: 'DevelopmentLevel' })
  developmentLevel: DevelopmentLevel;
  developmentLevelLabel: string;
  @ApiProperty({ enum: BerkasStatus, enumName: 'BerkasStatus' })
  status: BerkasStatus;
  statusLabel: string;
  retention: BerkasRetentionDto;
  itemCount: number;
  /** The hold in force, if any: it blocks every retention move and disposal. */
  legalHold: LegalHoldDto | null;
  closedAt: string | null;
  inactiveAt: string | null;
  createdAt: string;
}

/** A letter filed in a berkas. A Rahasia or Sangat Rahasia letter the caller may not see shows "(rahasia)" as its perihal. */
export class BerkasItemDto {
  letterId: string;
  kind: string;
  /** Nomor surat (outgoing) or the sender's number (incoming). */
  number: string | null;
  agendaNumber: string | null;
  subject: string;
  @ApiProperty({ enum: Sifat, enumName: 'Sifat' })
  sifat: Sifat;
  /** Tanggal surat or the day it was received (WIB, YYYY-MM-DD). */
  date: string;
  addedAt: string;
}

/** A berkas with its letters and the history of its legal holds. */
export class BerkasDetailDto extends BerkasDto {
  items: BerkasItemDto[];
  legalHolds: LegalHoldDto[];
}

export class BerkasPageDto {
  items: BerkasDto[];
  total: number;
}
