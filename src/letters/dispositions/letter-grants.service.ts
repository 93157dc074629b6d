import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { actingPositionIds, PersonPrincipal } from '../../records/principal';
import type { AppAbility } from '../../authz/ability.factory';
import { LetterWorkflowService } from '../../workflow/letter-workflow.service';
import { CorrespondenceError, CorrespondenceErrorCode } from '../incoming/correspondence.errors';

export interface GrantView {
  positionId: string;
  positionName: string;
}

/**
 * Explicit access to a letter (participant role `grant`): how a Rahasia letter reaches someone
 * who is on neither its route nor its distribution. Given by the drafter or the addressee.
 */
@Injectable()
export class LetterGrantsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly workflow: LetterWorkflowService,
  ) {}

  async list(letterId: string, ability: AppAbility): Promise<GrantView[]> {
    await this.workflow.loadVisible(this.db.manager, letterId, ability);
    return this.grants(letterId);
  }

  async grant(letterId: string, positionId: string, principal: PersonPrincipal, ability: AppAbility): Promise<GrantView[]> {
    await this.assertMayGrant(letterId, principal, ability);
    const [position] = await this.db.query('SELECT id FROM position WHERE id = $1', [positionId]);
    if (!position) throw new CorrespondenceError(CorrespondenceErrorCode.POSITION_NOT_FOUND, 'Unknown position', { positionId });
    await this.db.query(`INSERT INTO letter_participant (letter_id, position_id, role) VALUES ($1, $2, 'grant') ON CONFLICT DO NOTHING`, [letterId, positionId]);
    return this.grants(letterId);
  }

  async revoke(letterId: string, positionId: string, principal: PersonPrincipal, ability: AppAbility): Promise<GrantView[]> {
    await this.assertMayGrant(letterId, principal, ability);
    await this.db.query(`DELETE FROM letter_participant WHERE letter_id = $1 AND position_id = $2 AND role = 'grant'`, [letterId, positionId]);
    return this.grants(letterId);
  }

  private async assertMayGrant(letterId: string, principal: PersonPrincipal, ability: AppAbility): Promise<void> {
    const letter = await this.workflow.loadVisible(this.db.manager, letterId, ability);
    if (letter.drafterPersonId === principal.personId) return;
    const [addressee] = await this.db.query(
      `SELECT 1 FROM letter_participant WHERE letter_id = $1 AND role = 'addressee' AND position_id = ANY($2::uuid[])`,
      [letterId, actingPositionIds(principal)],
    );
    if (!addressee) throw new CorrespondenceError(CorrespondenceErrorCode.NOT_ALLOWED_TO_GRANT, 'Only the drafter or the addressee grants access to a letter');
  }

  private grants(letterId: string): Promise<GrantView[]> {
    return this.db.query(
      `SELECT lp.position_id AS "positionId", p.name AS "positionName" FROM letter_participant lp JOIN position p ON p.id = lp.position_id
        WHERE lp.letter_id = $1 AND lp.role = 'grant' ORDER BY p.name`,
      [letterId],
    );
  }
}
