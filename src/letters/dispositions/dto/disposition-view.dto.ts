import { DispositionStatus } from '../disposition-status';

/** One checkbox of the petunjuk disposisi (config/disposition.yaml). */
export class DispositionInstructionDto {
  key: string;
  /** What people see, e.g. `Tanggapi dan saran`. */
  label: string;
}

/** A disposition and, in a tree, the dispositions made further down from it. */
export class DispositionViewDto {
  id: string;
  parentId: string | null;
  fromPositionId: string;
  fromPositionName?: string;
  toPositionId: string;
  toPositionName?: string;
  instructions: DispositionInstructionDto[];
  note: string | null;
  /** Batas waktu; a sub-disposition inherits its parent's unless given an earlier one. */
  dueAt: Date | null;
  /** Still open past its deadline. */
  overdue: boolean;
  status: DispositionStatus;
  readAt: Date | null;
  recalledAt: Date | null;
  reportedAt: Date | null;
  report: string | null;
  /** Download with GET /api/v1/dispositions/:id/report-attachment. */
  reportAttachmentId: string | null;
  doneAt: Date | null;
  createdAt: Date;
  children: DispositionViewDto[];
}

export class DispositionTreeDto {
  letterId: string;
  dispositions: DispositionViewDto[];
}
