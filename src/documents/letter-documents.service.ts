import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { renewByOf } from './pki/archive-timestamp';
import { StorageService } from '../storage/storage.service';
import type { PositionCapacity } from '../records/workflow-snapshot.types';
import { SigningError, SigningErrorCode } from './signing.errors';

/** ltv-renewal: a signed version with a fresh DSS and archive timestamp appended (pki/ltv-renewal). */
export type DocumentKind = 'draft' | 'final' | 'signed' | 'attachment-render' | 'ltv-renewal';

/** Who applied the signature of a signed revision. */
export interface DocumentSigner {
  personId: string;
  positionId: string;
  capacity: PositionCapacity;
  name: string;
  positionName: string;
  provider: 'local' | 'bsre';
}

export interface LetterDocumentView {
  id: string;
  kind: DocumentKind;
  sequence: number;
  objectId: string;
  sha256: string;
  size: number;
  signer?: Omit<DocumentSigner, 'provider'> & { provider: string };
  createdAt: Date;
  current: boolean;
}

interface DocumentRow {
  id: string;
  kind: DocumentKind;
  sequence: number;
  object_id: string;
  sha256: string;
  size: string;
  signer_person_id: string | null;
  signer_position_id: string | null;
  signer_capacity: PositionCapacity | null;
  signer_name: string | null;
  signer_position_name: string | null;
  provider: string | null;
  render_sha256: string | null;
  created_at: Date;
}

// Our own renders and signed revisions are not uploads: UPLOAD_LIMIT_BYTES does not apply to them.
const OWN_DOCUMENT_MAX_BYTES = 512 * 1024 * 1024;

/** Every version of a letter's PDF: bytes in object storage, SHA-256 and size in letter_document. */
@Injectable()
export class LetterDocumentsService {
  constructor(private readonly storage: StorageService) {}

  /**
   * Stores a version in `tx` and makes it the letter's current document. Call with the letter
   * row locked. `renderSha256` is the fingerprint of a render's input (LetterRenderService.fingerprint).
   */
  async store(tx: EntityManager, letterId: string, kind: DocumentKind, bytes: Uint8Array, signer?: DocumentSigner, renderSha256?: string): Promise<LetterDocumentView> {
    const [{ next }] = await tx.query('SELECT COALESCE(MAX(sequence), 0) + 1 AS next FROM letter_document WHERE letter_id = $1', [letterId]);
    const object = await this.storage.put(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      { purpose: 'letter-document', contentType: 'application/pdf', originalName: `surat-${kind}-${next}.pdf`, maxBytes: OWN_DOCUMENT_MAX_BYTES },
      tx,
    );
    const [row]: DocumentRow[] = await tx.query(
      `INSERT INTO letter_document (letter_id, kind, sequence, object_id, sha256, size, signer_person_id, signer_position_id, signer_capacity, signer_name, signer_position_name, provider, render_sha256, renew_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING *`,
      [
        letterId,
        kind,
        next,
        object.id,
        object.sha256,
        object.size,
        signer?.personId ?? null,
        signer?.positionId ?? null,
        signer?.capacity ?? null,
        signer?.name ?? null,
        signer?.positionName ?? null,
        signer?.provider ?? null,
        renderSha256 ?? null,
        // Signed versions: when their archive timestamp needs renewing, so the renewal job finds them by index.
        kind === 'signed' || kind === 'ltv-renewal' ? renewByOf(bytes) : null,
      ],
    );
    await tx.query('UPDATE letter SET current_document_id = $2 WHERE id = $1', [letterId, row.id]);
    return toView(row, row.id);
  }

  /** The letter's current version, if it has one. */
  async current(manager: EntityManager, letterId: string): Promise<LetterDocumentView | undefined> {
    const [row]: DocumentRow[] = await manager.query(
      'SELECT d.* FROM letter_document d JOIN letter l ON l.current_document_id = d.id WHERE l.id = $1',
      [letterId],
    );
    return row ? toView(row, row.id) : undefined;
  }

  /** The kind of the letter's current version and, for a render, the fingerprint of its input. */
  async currentRender(manager: EntityManager, letterId: string): Promise<{ kind: DocumentKind; renderSha256: string | null } | undefined> {
    const [row] = await manager.query(
      'SELECT d.kind, d.render_sha256 FROM letter_document d JOIN letter l ON l.current_document_id = d.id WHERE l.id = $1',
      [letterId],
    );
    return row ? { kind: row.kind, renderSha256: row.render_sha256 } : undefined;
  }

  /** The document's bytes; in a transaction, pass its manager (the object's row is read there). */
  async bytes(document: LetterDocumentView, manager?: EntityManager): Promise<Buffer> {
    return this.storage.getBuffer(document.objectId, manager);
  }

  async open(document: LetterDocumentView) {
    return this.storage.getStream(document.objectId);
  }

  async currentOrFail(manager: EntityManager, letterId: string): Promise<LetterDocumentView> {
    const current = await this.current(manager, letterId);
    if (!current) throw new SigningError(SigningErrorCode.DOCUMENT_NOT_FOUND, 'The letter has no document yet');
    return current;
  }

  async list(manager: EntityManager, letterId: string): Promise<LetterDocumentView[]> {
    const rows: DocumentRow[] = await manager.query('SELECT * FROM letter_document WHERE letter_id = $1 ORDER BY sequence', [letterId]);
    const [letter] = await manager.query('SELECT current_document_id FROM letter WHERE id = $1', [letterId]);
    return rows.map((r) => toView(r, letter?.current_document_id));
  }

  /** Signed revisions of the letter, oldest first. */
  async signatures(manager: EntityManager, letterId: string): Promise<LetterDocumentView[]> {
    return (await this.list(manager, letterId)).filter((d) => d.kind === 'signed');
  }
}

function toView(row: DocumentRow, currentId: string | null | undefined): LetterDocumentView {
  return {
    id: row.id,
    kind: row.kind,
    sequence: row.sequence,
    objectId: row.object_id,
    sha256: row.sha256,
    size: Number(row.size),
    signer: row.signer_person_id
      ? {
          personId: row.signer_person_id,
          positionId: row.signer_position_id!,
          capacity: row.signer_capacity!,
          name: row.signer_name ?? '',
          positionName: row.signer_position_name ?? '',
          provider: row.provider ?? 'local',
        }
      : undefined,
    createdAt: row.created_at,
    current: row.id === currentId,
  };
}
