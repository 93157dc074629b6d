import { HttpStatus, Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditAction, AuditService } from '../audit/audit.service';
import { compressedPng } from '../common/png-image';
import { StorageService } from '../storage/storage.service';
import { OrganizationError, OrganizationErrorCode } from './organization.errors';
import { Letterhead } from '../records/unit.entity';

/** Largest logo accepted; the upload interceptor refuses bigger uploads with 413 before they reach the service. */
export const UNIT_LOGO_MAX_BYTES = 512 * 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface UploadedLogo {
  buffer: Buffer;
  size: number;
  originalname?: string;
}

export interface UnitLogoView {
  unitId: string;
  logoObjectId: string;
  size: number;
  sha256: string;
}

/** A unit's own logo (lambang) for its letterhead (kop surat), stored through StorageService. */
@Injectable()
export class UnitLogoService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly storage: StorageService,
    private readonly audit: AuditService,
  ) {}

  /** PNG only, judged by its bytes (signature, then a full decode as the renderer does), at most 512 KB. */
  async put(unitId: string, file: UploadedLogo | undefined): Promise<UnitLogoView> {
    await this.unit(unitId);
    if (!file || file.size === 0) throw this.invalid('Send the logo as the multipart field "logo"', HttpStatus.BAD_REQUEST);
    if (file.size > UNIT_LOGO_MAX_BYTES) {
      throw new OrganizationError(OrganizationErrorCode.UNIT_LOGO_INVALID, `The logo is larger than ${UNIT_LOGO_MAX_BYTES} bytes`, HttpStatus.PAYLOAD_TOO_LARGE);
    }
    if (file.buffer.length < PNG_SIGNATURE.length || !file.buffer.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) {
      throw this.invalid('The logo must be a PNG image', HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }
    try {
      await compressedPng(file.buffer);
    } catch {
      throw this.invalid('The logo is not a readable PNG image', HttpStatus.UNPROCESSABLE_ENTITY);
    }
    const object = await this.db.transaction(async (tx) => {
      const stored = await this.storage.put(
        file.buffer,
        { purpose: 'unit-logo', contentType: 'image/png', originalName: file.originalname ?? 'logo.png', maxBytes: UNIT_LOGO_MAX_BYTES },
        tx,
      );
      // The row is locked so two uploads do not lose each other's letterhead changes.
      const [row] = await tx.query('SELECT letterhead FROM unit WHERE id = $1 FOR UPDATE', [unitId]);
      const letterhead: Letterhead = { lines: [], ...((row?.letterhead as Letterhead | null) ?? {}), logoObjectId: stored.id };
      await tx.query('UPDATE unit SET letterhead = $1, updated_at = now() WHERE id = $2', [letterhead, unitId]);
      await this.audit.record(tx, { action: AuditAction.UnitLogoUpdate, object: { type: 'unit', id: unitId }, details: { logoObjectId: stored.id, sha256: stored.sha256 } });
      return stored;
    });
    return { unitId, logoObjectId: object.id, size: object.size, sha256: object.sha256 };
  }

  /** The unit's own logo; UNIT_LOGO_NOT_FOUND (404) when it has none. */
  async get(unitId: string): Promise<StreamableFile> {
    const unit = await this.unit(unitId);
    const objectId = unit.letterhead?.logoObjectId;
    if (!objectId) throw new OrganizationError(OrganizationErrorCode.UNIT_LOGO_NOT_FOUND, `Unit ${unitId} has no logo of its own`, HttpStatus.NOT_FOUND, { id: unitId });
    const { object, stream } = await this.storage.getStream(objectId);
    return new StreamableFile(stream, { type: 'image/png', length: Number(object.size), disposition: 'inline; filename="logo.png"' });
  }

  private async unit(unitId: string): Promise<{ letterhead: Letterhead | null }> {
    const [unit] = await this.db.query('SELECT letterhead FROM unit WHERE id = $1', [unitId]);
    if (!unit) throw OrganizationError.notFound('Unit', unitId);
    return unit;
  }

  private invalid(message: string, status: HttpStatus): OrganizationError {
    return new OrganizationError(OrganizationErrorCode.UNIT_LOGO_INVALID, message, status);
  }
}
