/** What a person chooses channels for; notices of other kinds (decisions, deliveries, delegations) stay in the app. */
export enum NotificationKind {
  Review = 'review',
  Signature = 'signature',
  Disposition = 'disposition',
  Deadline = 'deadline',
}

export enum NotificationChannel {
  InApp = 'inApp',
  Email = 'email',
  WhatsApp = 'whatsapp',
}

export type ChannelChoice = Record<NotificationChannel, boolean>;
export type ChannelChoices = Record<NotificationKind, ChannelChoice>;

export const NOTIFICATION_KINDS: readonly NotificationKind[] = Object.values(NotificationKind);

/**
 * The kind of a notice, as the SQL function notification_preference_kind() (migration
 * NotificationChannels) computes it for the trigger and the bell; null: in-app only.
 */
export function preferenceKind(noticeKind: string): NotificationKind | null {
  if (noticeKind === 'sign_request' || noticeKind === 'action_sign') return NotificationKind.Signature;
  if (noticeKind === 'action_review' || noticeKind === 'action_approve') return NotificationKind.Review;
  if (noticeKind === 'disposition' || noticeKind === 'disposition_report' || noticeKind === 'action_dispose') return NotificationKind.Disposition;
  if (noticeKind === 'overdue' || noticeKind === 'disposition_overdue') return NotificationKind.Deadline;
  return null;
}

/**
 * The choices of a person who never chose: in the app always; e-mail for what waits on their
 * signature and for deadlines when they have an address; WhatsApp only once a number is set.
 */
export function defaultChoices(contact: { email: string | null; phone: string | null }): ChannelChoices {
  const email = Boolean(contact.email);
  const whatsapp = Boolean(contact.phone);
  return {
    [NotificationKind.Review]: { inApp: true, email: false, whatsapp: false },
    [NotificationKind.Signature]: { inApp: true, email, whatsapp },
    [NotificationKind.Disposition]: { inApp: true, email: false, whatsapp: false },
    [NotificationKind.Deadline]: { inApp: true, email, whatsapp },
  };
}

/** Stored choices over the defaults, kind by kind and channel by channel (a kind added later takes its default). */
export function effectiveChoices(stored: Partial<Record<string, Partial<ChannelChoice>>> | null, contact: { email: string | null; phone: string | null }): ChannelChoices {
  const base = defaultChoices(contact);
  if (!stored) return base;
  for (const kind of NOTIFICATION_KINDS) {
    for (const channel of Object.values(NotificationChannel)) {
      const v = stored[kind]?.[channel];
      if (typeof v === 'boolean') base[kind][channel] = v;
    }
  }
  return base;
}
