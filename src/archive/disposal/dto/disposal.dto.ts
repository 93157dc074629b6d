import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { DisposalListStatus } from '../../../records/disposal-list.entity';

/** Drafts a disposal list (usul musnah) from berkas due for destruction. */
export class CreateDisposalDto {
  /** The berkas to destroy, in the order the berita acara lists them: each inaktif, its musnah due date passed, final disposition Musnah, no legal hold. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  berkasIds: string[];

  /** Perihal of the list; by default "Usul Musnah Arsip (n berkas)". */
  @IsOptional()
  @IsString()
  @Length(1, 300)
  @Matches(/^[^<>]*$/, { message: 'subject is plain text: < and > are not allowed' })
  subject?: string;
}

export class DisposalBerkasDto {
  id: string;
  /** Nomor berkas within its unit. */
  number: number;
  classificationCode: string;
  /** Uraian. */
  title: string;
  /** Kurun waktu, e.g. `2015` or `2015-2016`. */
  period: string;
  letterCount: number;
  status: string;
}

export class DisposalListDto {
  id: string;
  /** The usul-musnah letter: its workflow runs through POST /letters/:id/transitions; its document is the Berita Acara Pemusnahan. */
  letterId: string;
  @ApiProperty({ enum: DisposalListStatus, enumName: 'DisposalListStatus' })
  status: DisposalListStatus;
  /** The letter's workflow state (draft, review, awaiting_signature, destroyed...). */
  letterState: string;
  /** The state in words, as the workflow file names it ("Penilaian Panitia Penilai Arsip"). */
  letterStateLabel: string;
  /** The berita acara's number, once signed. */
  beritaAcaraNumber: string | null;
  berkas: DisposalBerkasDto[];
  /** Letters whose contents are destroyed so far, of `letterCount`. */
  destroyedCount: number;
  letterCount: number;
  createdAt: Date;
  executedAt: Date | null;
}
