import { join } from 'node:path';
import type { AppConfig } from '../../config/app-config';
import { LetterKind } from '../../records/letter.entity';
import { committedSql } from '../../workflow/persistence/queries/committed-sql';
import { LETTER, POSITION, sampleRows } from '../../workflow/persistence/testing/sample-transition';
import { transitionStatement } from '../../workflow/persistence/transition-statement';
import type { InTransitionWriteContext } from '../../workflow/plugins/workflow-plugin';
import { APPROVAL_REQUEST_PART, approvalCreationParts, ApprovalWebhookWriter } from './approval-statement-parts';

const writer = new ApprovalWebhookWriter({ PUBLIC_URL: 'https://esurat.example.go.id' } as AppConfig);
const rows = sampleRows();
const context = (over: Partial<InTransitionWriteContext> = {}): InTransitionWriteContext => ({
  letter: { id: LETTER, kind: LetterKind.Approval } as InTransitionWriteContext['letter'],
  snapshot: { ...rows.snapshot, workflow: { key: 'approval-basic' } } as InTransitionWriteContext['snapshot'],
  history: { ...rows.history, comment: 'Sudah sesuai.' },
  actorLabel: 'Modul SIMPEG',
  actions: [{ name: 'emitWebhook', trigger: 'entry', event: 'approve', state: 'approved' }],
  creating: false,
  ...over,
});
const newApproval = (idempotency: boolean) => ({
  columns: { kind: 'approval', workflow_key: 'approval-basic', workflow_definition_id: LETTER, route_plans: {}, subject: 'Cuti', sifat: 'biasa', urgency: 'biasa', body: {} },
  positions: { all: [POSITION], signers: [] },
  ...approvalCreationParts(LETTER, {
    request: { module_id: LETTER, reference: 'CUTI-1', title: 'Cuti', description: null, metadata: {}, callback_url: 'https://simpeg.example/hook', pdf_object_id: null },
    idempotency: idempotency ? { module_id: LETTER, key: 'k-1', request_hash: 'h', ttl_hours: 24 } : undefined,
    document: idempotency ? { id: POSITION, object_id: POSITION, sha256: 'a'.repeat(64), size: 10 } : undefined,
  }),
});

describe('approval statement parts', () => {
  it('are the SQL committed in queries/approval-statements.sql', () => {
    const { expected, actual } = committedSql(join(__dirname, 'queries/approval-statements.sql'), "Integrations' parts of the transition statement (approval-statement-parts.ts) as sent to PostgreSQL", {
      'transition of an approval with its webhook': transitionStatement(rows, [writer.writeInTransition(context())!]),
      'creation of an approval with Idempotency-Key and PDF': transitionStatement(rows, [writer.writeInTransition(context({ creating: true }))!], newApproval(true)),
    });
    expect(actual).toBe(expected);
  });

  it('writes a webhook only for an approval whose workflow asked for one', () => {
    expect(writer.writeInTransition(context({ actions: [] }))).toBeUndefined();
    expect(writer.writeInTransition(context({ letter: { id: LETTER, kind: LetterKind.Outgoing } as InTransitionWriteContext['letter'] }))).toBeUndefined();
  });

  it('reads the approval_request row from the creating part when the statement also creates the approval', () => {
    const created = transitionStatement(rows, [writer.writeInTransition(context({ creating: true }))!], newApproval(false));
    expect(created.sql).toContain(`JOIN ${APPROVAL_REQUEST_PART} r ON r.letter_id = letter_row.id`);
    expect(created.sql.indexOf(`${APPROVAL_REQUEST_PART} AS`)).toBeLessThan(created.sql.indexOf('webhook AS'));
    const existing = transitionStatement(rows, [writer.writeInTransition(context())!]);
    expect(existing.sql).toContain('JOIN approval_request r ON r.letter_id = letter_row.id');
    expect(existing.sql).toContain('EXISTS (SELECT 1 FROM webhook) AS relay_work');
  });

  it('claims the Idempotency-Key before the letter, whose insert requires the claim', () => {
    const q = transitionStatement(rows, [], newApproval(true));
    expect(q.sql.indexOf('idempotency_claim AS')).toBeLessThan(q.sql.indexOf('letter_row AS'));
    expect(q.sql).toContain('WHERE create_gate.ok AND EXISTS (SELECT 1 FROM idempotency_claim)');
    expect(q.parameters).toContain(JSON.stringify({ module_id: LETTER, key: 'k-1', request_hash: 'h', ttl_hours: 24 }));
  });
});
