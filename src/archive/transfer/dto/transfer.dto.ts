import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';

/** Builds a transfer (serah) package of permanent berkas due for transfer. */
export class CreateTransferDto {
  /** Each inaktif, its serah due date passed, final disposition Permanen, no legal hold, not transferred yet. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  berkasIds: string[];
}

export class TransferDto {
  id: string;
  berkasIds: string[];
  /** PDFs and other files in the package's data/ folder. */
  fileCount: number;
  /** Size of the ZIP in bytes and its SHA-256. */
  packageSize: number;
  packageSha256: string;
  createdAt: Date;
}
