import { IsString, Length } from 'class-validator';

export class IssueSigningCertificateDto {
  /** Seals the new private key; asked for at every signing. Never stored or logged. At least 8 characters. */
  @IsString()
  @Length(8, 200)
  passphrase: string;
}
