import { ApiProperty } from '@nestjs/swagger';

/** One decision on an approval: an approver's approve or reject, a signature, a cancellation. */
export class ApprovalDecisionDto {
  /** Increasing per approval, as the webhooks' `data.sequence`. */
  sequence: number;
  event: string;
  from: string | null;
  to: string;
  /** Who decided, in words (name and the position acted as). */
  actor: string;
  comment: string | null;
  at: Date;
}

/** The approval's PDF: the original until it is signed, then the latest signed revision. */
export class ApprovalDocumentDto {
  /** GET it with the module's API key. */
  url: string;
  signed: boolean;
  sha256: string;
  size: number;
}

/** An approval as the module that asked for it sees it. */
export class ApprovalViewDto {
  id: string;
  /** The module's own reference. */
  reference: string;
  title: string;
  description: string | null;
  workflow: string;
  /** pending, awaiting_signature, approved, rejected, cancelled (or a state of the module's own workflow). */
  state: string;
  stateLabel: string;
  /** True in a final state (approved, rejected, cancelled). */
  done: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The metadata the module sent.' })
  metadata: Record<string, unknown>;
  callbackUrl: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The approver steps and signers as the workflow tracks them, with who decided.' })
  routes: unknown;
  decisions: ApprovalDecisionDto[];
  @ApiProperty({ type: ApprovalDocumentDto, nullable: true })
  document: ApprovalDocumentDto | null;
  createdAt: Date;
  updatedAt: Date;
}

/** An approval in a list. */
export class ApprovalSummaryDto {
  id: string;
  reference: string;
  title: string;
  state: string;
  done: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A page of the module's approvals, newest first. */
export class ApprovalPageDto {
  items: ApprovalSummaryDto[];
  total: number;
  page: number;
  limit: number;
}
