import type { LetterFacts, WorkflowSnapshot } from '../../records/workflow-snapshot.types';

/**
 * Guards look at the letter only (its snapshot and facts). Who may act is the job of an
 * event's `by` clauses, which keeps each guard meaningful when the UI asks what could
 * happen next regardless of the person asking.
 */
export interface GuardInput {
  snapshot: WorkflowSnapshot;
  facts: LetterFacts;
}

export interface WorkflowGuard {
  description: string;
  /** Shown to the user when the guard refuses. */
  refusal: string;
  test(input: GuardInput): boolean;
}

export type GuardRegistry = Readonly<Record<string, WorkflowGuard>>;

const recipientCount = (facts: LetterFacts): number =>
  (facts.internalRecipientCount ?? 0) + (facts.externalRecipientCount ?? 0);

export const BUILT_IN_GUARDS = {
  hasReviewers: {
    description: 'The review route (paraf berjenjang) has at least one step.',
    refusal: 'choose at least one reviewer',
    test: ({ snapshot }) => snapshot.routes.reviewers.steps.length > 0,
  },
  hasSigners: {
    description: 'The signer list has at least one signer.',
    refusal: 'choose at least one signer',
    test: ({ snapshot }) => snapshot.routes.signers.steps.length > 0,
  },
  hasSignersIfPdf: {
    description: 'When a PDF is attached, the signer list has at least one signer.',
    refusal: 'a PDF is attached, so choose at least one signer',
    test: ({ snapshot, facts }) => facts.hasPdf !== true || snapshot.routes.signers.steps.length > 0,
  },
  hasPdf: {
    description: 'The letter has its PDF (rendered document or attached PDF).',
    refusal: 'the letter has no PDF yet',
    test: ({ facts }) => facts.hasPdf === true,
  },
  hasRecipients: {
    description: 'The letter has at least one recipient.',
    refusal: 'add at least one recipient',
    test: ({ facts }) => recipientCount(facts) > 0,
  },
  internalRecipientsOnly: {
    description: 'The letter has recipients, all of them internal positions.',
    refusal: 'an internal memo needs internal recipients only',
    test: ({ facts }) => (facts.internalRecipientCount ?? 0) > 0 && (facts.externalRecipientCount ?? 0) === 0,
  },
} as const satisfies GuardRegistry;

export const BUILT_IN_GUARD_NAMES = Object.keys(BUILT_IN_GUARDS) as readonly (keyof typeof BUILT_IN_GUARDS)[];
