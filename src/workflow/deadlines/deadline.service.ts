import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { describeError } from '../../common/logging/safe-error';
import { JobHandler } from '../../queue/job-handler.decorator';
import { JobPayloads } from '../../queue/jobs';
import { LetterWorkflowService } from '../letter-workflow.service';

/**
 * Deadlines live in letter_deadline. Entering a state with a deadline schedules a delayed
 * job (through the outbox); when it fires and the letter is still in that state, the
 * deadline's event fires as the system. A periodic sweep fires deadlines whose job was lost.
 */
@Injectable()
export class DeadlineService {
  private readonly logger = new Logger('Deadlines');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workflow: LetterWorkflowService,
  ) {}

  @JobHandler('workflow.deadline')
  async fire(payload: JobPayloads['workflow.deadline']): Promise<void> {
    const fired = await this.workflow.fireDeadline(payload.deadlineId);
    if (fired) this.logger.log(`Deadline ${payload.deadlineId} fired`);
  }

  @JobHandler('workflow.deadline-sweep')
  async sweep(): Promise<number> {
    return this.sweepDue();
  }

  /** Fires every due deadline still open; returns how many fired. */
  async sweepDue(limit = 500): Promise<number> {
    const due: { id: string }[] = await this.db.query(
      `SELECT id FROM letter_deadline WHERE fired_at IS NULL AND cancelled_at IS NULL AND due_at <= now() ORDER BY due_at LIMIT $1`,
      [limit],
    );
    let fired = 0;
    for (const { id } of due) {
      try {
        if (await this.workflow.fireDeadline(id)) fired++;
      } catch (err) {
        this.logger.warn(`Deadline ${id} could not fire: ${describeError(err)}`);
      }
    }
    if (fired > 0) this.logger.log(`Sweep fired ${fired} missed deadline(s)`);
    return fired;
  }
}
