import { ApiProperty } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsUUID } from 'class-validator';
import { REVOCATION_REASON_NAMES, RevocationReasonName } from '../pki-asn1';

const REASONS = Object.keys(REVOCATION_REASON_NAMES).filter((r) => r !== 'superseded') as RevocationReasonName[];

/** POST /admin/signing-certificates/:id/revocation. */
export class RevokeSigningCertificateDto {
  /** From when the certificate is revoked (ISO 8601); now when absent. Signatures timestamped before it stay valid. */
  @IsOptional()
  @IsDateString({ strict: true })
  revokedAt?: string;

  /** RFC 5280 reason: affiliationChanged (left office), keyCompromise (key lost)... */
  @ApiProperty({ enum: REASONS, required: false })
  @IsOptional()
  @IsIn(REASONS)
  reason?: RevocationReasonName;
}

export class SigningCertificatesQuery {
  @IsUUID()
  personId: string;
}

/** A signing certificate the deployment CA issued, as an administrator sees it (never the key). */
export class AdminSigningCertificateDto {
  id: string;
  personId: string;
  provider: string;
  subject: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  createdAt: Date;
  revokedAt: Date | null;
  @ApiProperty({ enum: Object.keys(REVOCATION_REASON_NAMES), nullable: true })
  revocationReason: string | null;
}
