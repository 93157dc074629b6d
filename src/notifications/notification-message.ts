import { CONFIDENTIAL_SIFAT, Sifat } from '../records/letter.entity';
import { NotificationKind } from './notification-preferences';

export interface NoticeForMessage {
  kind: NotificationKind;
  /** The in-app text (it may name the subject; it never leaves the app for a confidential letter). */
  message: string;
  letterId: string | null;
  sifat: Sifat | null;
  number: string | null;
}

/** What a confidential letter's notice says outside the app, per kind: no subject, no number. */
const CONFIDENTIAL_TEXT: Record<NotificationKind, string> = {
  [NotificationKind.Review]: 'Ada surat Rahasia menunggu pemeriksaan Anda',
  [NotificationKind.Signature]: 'Ada surat Rahasia menunggu tanda tangan Anda',
  [NotificationKind.Disposition]: 'Ada disposisi surat Rahasia untuk Anda',
  [NotificationKind.Deadline]: 'Ada surat Rahasia yang lewat batas waktu',
};

const SUBJECTS: Record<NotificationKind, string> = {
  [NotificationKind.Review]: 'Surat menunggu pemeriksaan',
  [NotificationKind.Signature]: 'Surat menunggu tanda tangan',
  [NotificationKind.Disposition]: 'Disposisi',
  [NotificationKind.Deadline]: 'Lewat batas waktu',
};

export const isConfidential = (n: Pick<NoticeForMessage, 'sifat'>): boolean => n.sifat !== null && CONFIDENTIAL_SIFAT.includes(n.sifat);

/** The letter's page in the web app, or the home page for a notice without a letter. */
export const noticeLink = (publicUrl: string, letterId: string | null): string => `${publicUrl.replace(/\/+$/, '')}${letterId ? `/surat/${letterId}` : '/'}`;

/** One line of a notice outside the app: the in-app text, or the confidential sentence without subject or number. */
export function noticeLine(n: NoticeForMessage): string {
  if (isConfidential(n)) return CONFIDENTIAL_TEXT[n.kind];
  return n.number ? `${n.message} (Nomor ${n.number})` : n.message;
}

/** An e-mail subject and text, or a WhatsApp text, for one notice. */
export function noticeMessage(n: NoticeForMessage, publicUrl: string): { subject: string; text: string } {
  const link = noticeLink(publicUrl, n.letterId);
  return {
    subject: `[e-Surat] ${isConfidential(n) ? CONFIDENTIAL_TEXT[n.kind] : SUBJECTS[n.kind]}`,
    text: [noticeLine(n), '', `Buka: ${link}`, '', 'Pesan ini dikirim otomatis oleh aplikasi e-Surat; atur pemberitahuan di menu Pengaturan Notifikasi.'].join('\n'),
  };
}

/** The daily digest of one person: every notice that waited for it, each on a line with its link. */
export function digestMessage(notices: readonly NoticeForMessage[], publicUrl: string): { subject: string; text: string } {
  const lines = notices.map((n, i) => `${i + 1}. ${noticeLine(n)}\n   ${noticeLink(publicUrl, n.letterId)}`);
  return {
    subject: `[e-Surat] Ringkasan harian: ${notices.length} pemberitahuan`,
    text: [`Ringkasan pemberitahuan e-Surat (${notices.length}):`, '', ...lines, '', 'Pesan ini dikirim otomatis oleh aplikasi e-Surat; atur pemberitahuan di menu Pengaturan Notifikasi.'].join('\n'),
  };
}
