import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class NotificationListQuery {
  /** How many of the newest notices, at most 50. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit: number = 10;
}

/** A notice to one of the caller's positions: something to act on, or news of their letter. */
export class NotificationDto {
  id: string;
  /** The letter it is about; the bell opens it. */
  letterId: string | null;
  /** action_review, action_sign, sign_request, disposition, delivered_tembusan, state_signed, overdue... */
  kind: string;
  /** In Indonesian, as written when the notice was made. */
  message: string;
  positionId: string;
  createdAt: Date;
  read: boolean;
}

export class NotificationListDto {
  items: NotificationDto[];
  /** Every unread notice of the caller (not only those listed). */
  unread: number;
}

export class NotificationCountDto {
  unread: number;
}
