import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
import { LetterEntity, LetterKind } from '../records/letter.entity';
import { letterFromRow } from '../records/letter-row';
import type { ActionRequest } from '../workflow/actions/action-context';
import { WorkflowActionHandler, WorkflowActionNeeded } from '../workflow/actions/workflow-action.decorator';
import { LetterDocumentsService } from './letter-documents.service';
import { LetterRenderService } from './letter-render.service';

/** The renderDocument workflow action: draft renders (KONSEP) of outgoing letters under review. */
@Injectable()
export class DocumentActions {
  constructor(
    private readonly renderer: LetterRenderService,
    private readonly documents: LetterDocumentsService,
  ) {}

  /**
   * Renders the draft with its KONSEP watermark. Once the signing plugin has rendered the final
   * letter and signed it (in the `sign` transition), there is nothing left to do.
   *
   * The PDF is rendered from an unlocked read; the letter row is locked only to attach it, so
   * transitions on the letter never wait for a render. A render made from an older revision,
   * or finished after the letter was signed, is dropped: the newer revision renders its own.
   */
  /** At transition time: an unchanged resubmission (a return for a question, not a correction) needs no new draft. */
  @WorkflowActionNeeded('renderDocument')
  renderDocumentNeeded(letter: LetterEntity, manager: EntityManager): Promise<boolean> {
    return this.renderer.draftNeeded(manager, letter);
  }

  @WorkflowActionHandler('renderDocument')
  async renderDocument(request: ActionRequest, tx: EntityManager): Promise<void> {
    // The letter with the kind and fingerprint of its current document, in one statement.
    const [row] = await preparedQuery(
      tx,
      `SELECT l.*, d.kind AS current_kind, d.render_sha256 AS current_render_sha256
         FROM letter l LEFT JOIN letter_document d ON d.id = l.current_document_id WHERE l.id = $1`,
      [request.letterId],
    );
    if (!row) return;
    const letter = letterFromRow(tx, row);
    if (letter.kind !== LetterKind.Outgoing || letter.verificationCode) return;
    const current = row.current_kind ? { kind: row.current_kind as string, renderSha256: row.current_render_sha256 as string | null } : undefined;
    if (current && current.kind !== 'draft') return;
    const input = await this.renderer.input(tx, letter);
    const fingerprint = await this.renderer.fingerprint(input, 'draft');
    // Resubmitted unchanged (a return for a question, not a correction): the draft is still right.
    if (current?.renderSha256 === fingerprint) return;
    const rendered = await this.renderer.render(input, 'draft');
    // FOR NO KEY UPDATE: rows that reference the letter (history, notifications) may still be written meanwhile.
    const [now] = await tx.query(`SELECT verification_code, (snapshot->>'revision')::int AS revision FROM letter WHERE id = $1 FOR NO KEY UPDATE`, [letter.id]);
    if (!now || now.verification_code || now.revision !== letter.snapshot.revision) return;
    const latest = await this.documents.currentRender(tx, letter.id);
    if (latest && latest.kind !== 'draft') return;
    await this.documents.store(tx, letter.id, 'draft', rendered.pdf, undefined, fingerprint);
  }
}
