import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditAction, AuditService } from '../../audit/audit.service';
import { PersonPrincipal } from '../../records/principal';
import { isArchivist } from '../archive-access';
import { ArchiveError, ArchiveErrorCode } from '../archive.errors';
import { BerkasService } from '../berkas/berkas.service';
import { BerkasDetailDto } from '../berkas/dto/berkas.dto';
import { LegalHoldInputDto } from '../berkas/dto/berkas-input.dto';

/**
 * Legal holds: an archivist holds a berkas (a case, an audit) and lifts the hold with a reason;
 * both are audited. While held, no retention move or disposal touches it (assertNoLegalHold).
 */
@Injectable()
export class LegalHoldService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly berkas: BerkasService,
    private readonly audit: AuditService,
  ) {}

  async place(berkasId: string, dto: LegalHoldInputDto, principal: PersonPrincipal): Promise<BerkasDetailDto> {
    assertArchivist(principal);
    await this.db.transaction(async (tx) => {
      await this.berkas.lockManaged(tx, berkasId, principal);
      const [row] = await tx.query(
        `INSERT INTO berkas_legal_hold (berkas_id, reason, placed_by_person_id) VALUES ($1, $2, $3) ON CONFLICT (berkas_id) WHERE lifted_at IS NULL DO NOTHING RETURNING id`,
        [berkasId, dto.reason.trim(), principal.personId],
      );
      if (!row) throw new ArchiveError(ArchiveErrorCode.LEGAL_HOLD_ACTIVE, 'The berkas is already under a legal hold');
      await this.audit.record(tx, { action: AuditAction.BerkasLegalHoldPlace, object: { type: 'berkas', id: berkasId }, details: { holdId: row.id } });
    });
    return this.berkas.get(berkasId, principal);
  }

  async lift(berkasId: string, dto: LegalHoldInputDto, principal: PersonPrincipal): Promise<BerkasDetailDto> {
    assertArchivist(principal);
    await this.db.transaction(async (tx) => {
      await this.berkas.lockManaged(tx, berkasId, principal);
      // An UPDATE answers [rows, count].
      const [[row]] = await tx.query(
        `UPDATE berkas_legal_hold SET lifted_at = now(), lifted_by_person_id = $2, lift_reason = $3 WHERE berkas_id = $1 AND lifted_at IS NULL RETURNING id`,
        [berkasId, principal.personId, dto.reason.trim()],
      );
      if (!row) throw new ArchiveError(ArchiveErrorCode.NO_LEGAL_HOLD, 'The berkas is under no legal hold');
      await this.audit.record(tx, { action: AuditAction.BerkasLegalHoldLift, object: { type: 'berkas', id: berkasId }, details: { holdId: row.id } });
    });
    return this.berkas.get(berkasId, principal);
  }
}

function assertArchivist(principal: PersonPrincipal): void {
  if (!isArchivist(principal)) throw new ArchiveError(ArchiveErrorCode.ARCHIVIST_ONLY, 'Legal holds are placed and lifted by an archivist');
}
