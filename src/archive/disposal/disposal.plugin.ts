import { Injectable } from '@nestjs/common';
import { wibDate } from '../../common/time/wib';
import { BeforeTransitionContext, WorkflowPlugin, WorkflowPluginProvider } from '../../workflow/plugins/workflow-plugin';
import { BerkasStatus } from '../../records/berkas.entity';
import { BerkasService } from '../berkas/berkas.service';
import { assertNoLegalHold } from '../retention/legal-hold';
import { DisposalListStatus } from '../../records/disposal-list.entity';
import { assertDue, DISPOSAL_LETTER_TYPE, listBerkasIds } from './disposal.service';

/** Events that move a disposal list towards destruction: each checks the legal holds and the due dates again. */
const FORWARD = new Set(['submit', 'resubmit', 'sign']);
/** Events that end a list without destruction: its berkas go back to inaktif. */
const RELEASE = new Set(['reject', 'cancel']);

/**
 * Keeps a disposal list's berkas in step with its usul-musnah letter, inside the transition:
 * a legal hold placed after drafting refuses the submission and the signature (409
 * LEGAL_HOLD), as does a berkas no longer due (422 BERKAS_NOT_DUE); a rejected or cancelled
 * list releases its berkas.
 */
@Injectable()
@WorkflowPluginProvider()
export class DisposalPlugin implements WorkflowPlugin {
  readonly name = 'disposal-list';
  readonly events = [...FORWARD, ...RELEASE];

  constructor(private readonly berkas: BerkasService) {}

  async beforeTransition(ctx: BeforeTransitionContext): Promise<void> {
    if (ctx.letter.workflowKey !== DISPOSAL_LETTER_TYPE) return;
    const tx = ctx.manager;
    const [list] = await tx.query(`SELECT id FROM disposal_list WHERE letter_id = $1 FOR UPDATE`, [ctx.letter.id]);
    if (!list) return;
    const berkasIds = await listBerkasIds(tx, list.id);
    // The berkas rows are locked so that no hold is placed between this check and the commit.
    await tx.query(`SELECT id FROM berkas WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [berkasIds]);
    if (FORWARD.has(ctx.event)) {
      await assertNoLegalHold(tx, berkasIds);
      await assertDue(tx, berkasIds, wibDate(ctx.at), 'musnah', BerkasStatus.ProposedForDisposal);
      return;
    }
    await tx.query(`UPDATE disposal_list SET status = $2 WHERE id = $1`, [list.id, DisposalListStatus.Released]);
    await tx.query(`UPDATE berkas SET status = $2, updated_at = now() WHERE id = ANY($1::uuid[]) AND status = $3`, [berkasIds, BerkasStatus.Inactive, BerkasStatus.ProposedForDisposal]);
    await this.berkas.indexLetters(tx, await this.berkas.letterIds(tx, berkasIds));
  }
}
