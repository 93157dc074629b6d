import { ApiProperty } from '@nestjs/swagger';
import { BerkasDto } from '../../berkas/dto/berkas.dto';
import { DUE_KINDS, DueKind } from '../../berkas/dto/berkas-input.dto';

/** The berkas due for a retention step on a day, held ones left out (a legal hold blocks them). */
export class DueListDto {
  @ApiProperty({ enum: DUE_KINDS, enumName: 'DueKind' })
  kind: DueKind;
  /** The day computed for (YYYY-MM-DD, WIB). */
  asOf: string;
  items: BerkasDto[];
  /** Berkas that would be due but are under a legal hold. */
  heldCount: number;
}
