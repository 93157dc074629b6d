import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../../../common/dto/page.query';
import { DelegationKind } from '../../../records/delegation.entity';
import { Sifat, Urgency } from '../../../records/letter.entity';

/** A kind of inbox item: the work kinds of letter_assignment, and `send` for a signed letter not sent yet. */
export enum InboxKind {
  Review = 'review',
  Sign = 'sign',
  Approve = 'approve',
  Revise = 'revise',
  Dispose = 'dispose',
  FollowUp = 'follow_up',
  Read = 'read',
  Send = 'send',
}

/**
 * The Beranda's counters, each a named slice of the inbox: `GET /inbox/summary` counts them and
 * `GET /inbox?view=` lists the very same items, so a counter and the list it opens agree.
 */
export enum InboxView {
  ToReview = 'to_review',
  ToSign = 'to_sign',
  ToSend = 'to_send',
  Returned = 'returned',
  IncomingUnread = 'incoming_unread',
  IncomingOpen = 'incoming_open',
  DispositionUnread = 'disposition_unread',
  DispositionOpen = 'disposition_open',
  Overdue = 'overdue',
  TembusanUnread = 'tembusan_unread',
}

/** Why a read item reached the caller: as a recipient of the letter or as tembusan. */
export enum InboxReadRole {
  Recipient = 'recipient',
  Tembusan = 'tembusan',
}

export class InboxQuery extends PageQuery {
  /** Only one kind of work: review, sign, approve, revise, dispose, follow_up, read, send. */
  @IsOptional()
  @IsIn(Object.values(InboxKind))
  kind?: InboxKind;

  /** Only the items behind one counter of the Beranda (see GET /inbox/summary). */
  @IsOptional()
  @IsIn(Object.values(InboxView))
  view?: InboxView;

  /** `true`: only items not opened yet. */
  @IsOptional()
  @IsIn(['true', 'false', true, false])
  @Transform(({ value }) => (value === 'true' || value === true ? true : value === 'false' || value === false ? false : value))
  unread?: boolean;
}

/** One thing waiting for the caller on one letter, as one of their positions. */
export class InboxItemDto {
  letterId: string;
  kind: InboxKind;
  /** The position the work is for (held, or stood in for as Plt/Plh). */
  positionId: string | null;
  positionName: string | null;
  /** Plt/Plh when the item reaches the caller through an active delegation; null when they hold the position. */
  capacity: DelegationKind | null;
  viaDelegation: boolean;
  /** When the item arrived. */
  since: Date;
  /** Opened by someone acting for the position. */
  read: boolean;
  /** For `read` items: recipient or tembusan. */
  role: InboxReadRole | null;
  /** The deadline of this work: the state's deadline, or the disposition's batas waktu. */
  dueAt: Date | null;
  overdue: boolean;
  /** outgoing, incoming or approval. */
  letterKind: string;
  /** Jenis naskah (the workflow key). */
  type: string;
  subject: string;
  sifat: Sifat;
  urgency: Urgency;
  state: string;
  /** The state in the workflow's Indonesian words. */
  stateLabel: string;
  number: string | null;
  version: number;
}

export class InboxPageDto {
  items: InboxItemDto[];
  /** Letters per kind (every kind, whatever the filter). */
  counts: Record<string, number>;
  /** Letters not opened yet, per kind. */
  unreadCounts: Record<string, number>;
  /** Items matching the filter. */
  total: number;
  page: number;
  limit: number;
}

/** The Beranda's counters: each is the total of `GET /inbox?view=<name>`. */
export class InboxSummaryDto {
  to_review: number;
  to_sign: number;
  to_send: number;
  returned: number;
  incoming_unread: number;
  incoming_open: number;
  disposition_unread: number;
  disposition_open: number;
  overdue: number;
  tembusan_unread: number;
}

/** What opening a letter marked read. */
export class InboxOpenedDto {
  items: number;
  notifications: number;
}
