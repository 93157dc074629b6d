import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LetterEntity, LetterKind } from '../letters/letter.entity';
import type { ActionRequest } from '../workflow/actions/action-context';
import { WorkflowActionHandler } from '../workflow/actions/workflow-action.decorator';
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
   * letter and signed it (at `signed` entry, always), there is nothing left to do.
   */
  @WorkflowActionHandler('renderDocument')
  async renderDocument(request: ActionRequest, tx: EntityManager): Promise<void> {
    const letter = await tx.findOne(LetterEntity, { where: { id: request.letterId }, lock: { mode: 'pessimistic_write' } });
    if (!letter || letter.kind !== LetterKind.Outgoing || letter.verificationCode) return;
    const current = await this.documents.current(tx, letter.id);
    if (current && current.kind !== 'draft') return;
    const rendered = await this.renderer.render(await this.renderer.input(tx, letter), 'draft');
    await this.documents.store(tx, letter.id, 'draft', rendered.pdf);
  }
}
