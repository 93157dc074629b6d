import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditAction, AuditService } from '../../audit/audit.service';
import type { PersonPrincipal } from '../../records/principal';
import { AdminSigningCertificateDto, RevokeSigningCertificateDto } from './dto/revocation.dto';
import { PkiError, PkiErrorCode } from './pki.errors';

interface CredentialRow {
  id: string;
  person_id: string;
  provider: string;
  subject: string;
  serial_number: string;
  not_before: Date;
  not_after: Date;
  created_at: Date;
  revoked_at: Date | null;
  revocation_reason: string | null;
}

const COLUMNS = 'id, person_id, provider, subject, serial_number, not_before, not_after, created_at, revoked_at, revocation_reason';

/**
 * An administrator revokes an official's signing certificate from a date (left office, key
 * lost). The CRL and OCSP announce it from that moment on; signing after it is refused; what
 * was signed and timestamped before it stays valid.
 */
@Injectable()
export class RevocationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(personId: string): Promise<AdminSigningCertificateDto[]> {
    const rows: CredentialRow[] = await this.db.query(`SELECT ${COLUMNS} FROM signer_credential WHERE person_id = $1 ORDER BY created_at DESC`, [personId]);
    return rows.map(view);
  }

  async revoke(id: string, dto: RevokeSigningCertificateDto, admin: PersonPrincipal): Promise<AdminSigningCertificateDto> {
    return this.db.transaction(async (tx) => {
      const [row]: CredentialRow[] = await tx.query(`SELECT ${COLUMNS} FROM signer_credential WHERE id = $1 FOR UPDATE`, [id]);
      if (!row || row.provider !== 'local') {
        throw new PkiError(PkiErrorCode.SIGNING_CERTIFICATE_NOT_FOUND, 'No signing certificate of the deployment CA has this id');
      }
      if (row.revoked_at && row.revocation_reason !== 'superseded') {
        throw new PkiError(PkiErrorCode.CERTIFICATE_ALREADY_REVOKED, 'The certificate is revoked already', { revokedAt: row.revoked_at, reason: row.revocation_reason });
      }
      const [{ now }] = await tx.query('SELECT now() AS now');
      const at = dto.revokedAt ? new Date(dto.revokedAt) : new Date(now);
      if (at < row.not_before || at > row.not_after) {
        throw new PkiError(PkiErrorCode.REVOCATION_DATE_INVALID, 'The revocation date must lie within the certificate validity', {
          notBefore: row.not_before,
          notAfter: row.not_after,
        });
      }
      // A superseded certificate keeps the earlier of the two dates: a key lost before its replacement.
      const revokedAt = row.revoked_at && row.revoked_at < at ? row.revoked_at : at;
      const reason = dto.reason ?? 'unspecified';
      const [[updated]]: [CredentialRow[], number] = await tx.query(
        `UPDATE signer_credential SET revoked_at = $2, revocation_reason = $3, revoked_by = $4 WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, revokedAt, reason, admin.personId],
      );
      await this.audit.record(tx, {
        action: AuditAction.SigningCertificateRevoke,
        object: { type: 'signer_credential', id },
        details: { personId: row.person_id, serialNumber: row.serial_number, revokedAt: revokedAt.toISOString(), reason },
      });
      return view(updated);
    });
  }
}

function view(r: CredentialRow): AdminSigningCertificateDto {
  return {
    id: r.id,
    personId: r.person_id,
    provider: r.provider,
    subject: r.subject,
    serialNumber: r.serial_number,
    notBefore: r.not_before,
    notAfter: r.not_after,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    revocationReason: r.revocation_reason,
  };
}
