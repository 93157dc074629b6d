/** The filters a figure was computed with, after defaults. */
export class DashboardPeriodDto {
  /** First day, YYYY-MM-DD (WIB). */
  from: string;
  /** Last day, inclusive, YYYY-MM-DD (WIB). */
  to: string;
  /** The unit filtered on, or null for everything the caller may read. */
  unitId: string | null;
}

/** A unit the caller may filter the dashboard by. */
export class DashboardUnitDto {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
}

/** What the caller may read on the dashboard: the units, and whether that is every unit (admin). */
export class DashboardScopeDto {
  allUnits: boolean;
  units: DashboardUnitDto[];
}

/** Letters of one type and unit created in one month. */
export class LettersPerMonthRowDto {
  /** YYYY-MM, the WIB month the letter was drafted or registered in. */
  month: string;
  /** Jenis naskah: the workflow key (surat-keluar, nota-dinas, surat-masuk...). */
  type: string;
  /** The workflow's name, e.g. `Surat Keluar`. */
  typeLabel: string;
  unitId: string;
  unitName: string;
  count: number;
}

/** Letters per month by type and unit. */
export class LettersPerMonthDto extends DashboardPeriodDto {
  /** Every month of the period, oldest first, so months without letters show as empty. */
  months: string[];
  rows: LettersPerMonthRowDto[];
}

export enum DashboardPhase {
  /** A state on the reviewers' route (paraf berjenjang). */
  Review = 'review',
  /** A state on the signers' route (tanda tangan). */
  Signing = 'signing',
}

/** How long letters of a unit stayed in one phase: each completed stay counts once. */
export class PhaseTimeRowDto {
  /** The unit, or null on the row that sums every unit of the answer. */
  unitId: string | null;
  unitName: string | null;
  phase: DashboardPhase;
  /** Completed stays that ended in the period. */
  count: number;
  medianSeconds: number;
  p90Seconds: number;
}

/** Time spent in review and in signing (median, p90) per unit. */
export class PhaseTimesDto extends DashboardPeriodDto {
  rows: PhaseTimeRowDto[];
}

/** Overdue work waiting at one position (and the person who holds it now). */
export class OverduePersonRowDto {
  positionId: string;
  positionName: string;
  /** The current holder; null for a vacant position. */
  personId: string | null;
  personName: string | null;
  unitId: string;
  unitName: string;
  count: number;
  /** The earliest deadline among them, when any has one. */
  oldestDueAt: Date | null;
}

export class OverdueUnitRowDto {
  unitId: string;
  unitName: string;
  count: number;
}

/** Overdue items (review, signature, disposition, follow-up) per unit and per person. */
export class OverdueDto extends DashboardPeriodDto {
  total: number;
  byUnit: OverdueUnitRowDto[];
  byPerson: OverduePersonRowDto[];
}

/** Dispositions not acted on (neither reported nor done) at one position. */
export class PendingDispositionRowDto {
  positionId: string;
  positionName: string;
  personId: string | null;
  personName: string | null;
  unitId: string;
  unitName: string;
  /** Sent or read, not reported, not done, not recalled. */
  count: number;
  /** Of those, not even read. */
  unread: number;
  /** Of those, past their deadline. */
  overdue: number;
  /** When the oldest of them was sent. */
  oldestSentAt: Date;
}

export class PendingDispositionsDto extends DashboardPeriodDto {
  total: number;
  rows: PendingDispositionRowDto[];
}
