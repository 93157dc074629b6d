import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { LetterEntity } from '../records/letter.entity';
import type { ActionRequest } from '../workflow/actions/action-context';
import { WorkflowActionHandler } from '../workflow/actions/workflow-action.decorator';
import { NumberingService } from './numbering.service';

/**
 * The after-commit handler of assignNumber, for jobs an earlier version queued: the signing
 * plugin now numbers the letter inside the `sign` transition, and nothing queues this.
 */
@Injectable()
export class NumberingActions {
  constructor(private readonly numbering: NumberingService) {}

  /** Gives the letter its reserved number, or the next one, dated when it was signed; once only. */
  @WorkflowActionHandler('assignNumber')
  async assignNumber(request: ActionRequest, tx: EntityManager): Promise<void> {
    const letter = await tx.findOne(LetterEntity, { where: { id: request.letterId } });
    if (!letter || letter.number) return;
    await this.numbering.allocate(tx, letter, await this.requestedAt(tx, request));
  }

  /** When the transition that asked for the number happened: a job run after midnight keeps the signing date. */
  private async requestedAt(tx: EntityManager, request: ActionRequest): Promise<Date> {
    const [row] = await tx.query('SELECT at FROM letter_history WHERE letter_id = $1 AND seq = $2', [request.letterId, request.seq]);
    return row ? new Date(row.at) : new Date();
  }
}
