import { IsString, MaxLength } from 'class-validator';

/** Query of a signed download link; StorageService checks the values themselves. */
export class SignedDownloadQuery {
  /** Unix time (seconds) after which the link stops working. */
  @IsString()
  @MaxLength(20)
  expires: string;

  @IsString()
  @MaxLength(100)
  signature: string;
}
