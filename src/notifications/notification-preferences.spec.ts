import { defaultChoices, effectiveChoices, NotificationKind, preferenceKind } from './notification-preferences';
import { digestMessage, noticeMessage } from './notification-message';
import { Sifat } from '../records/letter.entity';

describe('notification preferences', () => {
  it('maps notice kinds to the kinds people choose channels for, others stay in the app', () => {
    expect(preferenceKind('action_review')).toBe(NotificationKind.Review);
    expect(preferenceKind('action_approve')).toBe(NotificationKind.Review);
    expect(preferenceKind('action_sign')).toBe(NotificationKind.Signature);
    expect(preferenceKind('sign_request')).toBe(NotificationKind.Signature);
    expect(preferenceKind('disposition')).toBe(NotificationKind.Disposition);
    expect(preferenceKind('action_dispose')).toBe(NotificationKind.Disposition);
    expect(preferenceKind('disposition_overdue')).toBe(NotificationKind.Deadline);
    expect(preferenceKind('overdue')).toBe(NotificationKind.Deadline);
    for (const kind of ['state_signed', 'delivered_tembusan', 'delegation_created', 'dispatch_email_failed', 'action_read', 'action_revise']) expect(preferenceKind(kind)).toBeNull();
  });

  it('defaults: in the app always, e-mail for signatures and deadlines with an address, WhatsApp only with a number', () => {
    expect(defaultChoices({ email: null, phone: null })).toEqual({
      review: { inApp: true, email: false, whatsapp: false },
      signature: { inApp: true, email: false, whatsapp: false },
      disposition: { inApp: true, email: false, whatsapp: false },
      deadline: { inApp: true, email: false, whatsapp: false },
    });
    const reachable = defaultChoices({ email: 'a@b.id', phone: '6281' });
    expect(reachable.signature).toEqual({ inApp: true, email: true, whatsapp: true });
    expect(reachable.deadline).toEqual({ inApp: true, email: true, whatsapp: true });
    expect(reachable.review).toEqual({ inApp: true, email: false, whatsapp: false });
  });

  it('lays stored choices over the defaults, ignoring what is not a boolean', () => {
    const c = effectiveChoices({ review: { email: true, inApp: false }, signature: { whatsapp: 'yes' as never } }, { email: 'a@b.id', phone: null });
    expect(c.review).toEqual({ inApp: false, email: true, whatsapp: false });
    expect(c.signature).toEqual({ inApp: true, email: true, whatsapp: false });
  });
});

describe('notification messages', () => {
  const base = { kind: NotificationKind.Signature, message: 'Mohon tanda tangan elektronik: Pengadaan Server Rahasia', letterId: 'L1', number: '800/12/2026' };

  it('carries the subject, the number and the link of an ordinary letter', () => {
    const m = noticeMessage({ ...base, sifat: Sifat.Biasa }, 'https://esurat.kota.go.id/');
    expect(m.subject).toBe('[e-Surat] Surat menunggu tanda tangan');
    expect(m.text).toContain('Mohon tanda tangan elektronik: Pengadaan Server Rahasia (Nomor 800/12/2026)');
    expect(m.text).toContain('https://esurat.kota.go.id/surat/L1');
  });

  it.each([Sifat.Rahasia, Sifat.SangatRahasia])('says only that a %s letter waits, with the link', (sifat) => {
    const m = noticeMessage({ ...base, sifat }, 'https://esurat.kota.go.id');
    expect(m.subject).toBe('[e-Surat] Ada surat Rahasia menunggu tanda tangan Anda');
    expect(m.text).toContain('Ada surat Rahasia menunggu tanda tangan Anda');
    expect(m.text).toContain('https://esurat.kota.go.id/surat/L1');
    expect(`${m.subject}${m.text}`).not.toMatch(/Pengadaan|800\/12/);
    const d = digestMessage([{ ...base, sifat }, { ...base, sifat: Sifat.Biasa, letterId: 'L2' }], 'https://esurat.kota.go.id');
    expect(d.subject).toBe('[e-Surat] Ringkasan harian: 2 pemberitahuan');
    expect(d.text.match(/Pengadaan/g)).toHaveLength(1);
    expect(d.text).toContain('1. Ada surat Rahasia menunggu tanda tangan Anda');
  });
});
