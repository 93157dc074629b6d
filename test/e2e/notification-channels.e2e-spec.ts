import { NotificationDeliveryService } from '../../src/notifications/notification-delivery.service';
import { draftLetter, eventually, fire, positionIds } from '../factories/letters.factory';
import { fakeSmtp } from '../helpers/fake-smtp';
import { fakeWhatsAppGateway } from '../helpers/fake-whatsapp';
import { mailText } from '../helpers/mime';
import { createTestApp, TestApp } from '../helpers/test-app';

// Whole-app HTTP flows; the e2e project's testTimeout does not reach hooks under every runner.
jest.setTimeout(120_000);

const KADIS = { username: 'kadis.kominfo', email: 'kadis@kominfo.pekalongankota.go.id', phone: '6281100000001' };
const KABID = { username: 'kabid.aptika', email: 'kabid.aptika@kominfo.pekalongankota.go.id', phone: '6281100000002' };

describe('Notices by e-mail and WhatsApp', () => {
  let t: TestApp;
  let p: Record<string, string>;
  let smtp: Awaited<ReturnType<typeof fakeSmtp>>;
  let wa: Awaited<ReturnType<typeof fakeWhatsAppGateway>>;

  const text = (mail: { data: string }) => mailText(mail.data);
  const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address));
  const whatsAppTo = (phone: string) => wa.requests.filter((r) => r.body?.data?.[0]?.phone === phone);
  const auth = async (username: string) => `Bearer ${await t.token(username)}`;
  const prefs = async (username: string) => (await t.http().get('/api/v1/me/notification-preferences').set('Authorization', await auth(username)).expect(200)).body;

  /** staf drafts with the Kabid as the only reviewer and the Kadis as signer, and submits. */
  const submitted = async (subject: string, sifat = 'biasa') => {
    const letter = await draftLetter(t, { subject, sifat, reviewers: [{ positionIds: [p['KABID-APTIKA']] }] });
    expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
    return letter.id;
  };

  beforeAll(async () => {
    smtp = await fakeSmtp();
    wa = await fakeWhatsAppGateway();
    t = await createTestApp({
      PUBLIC_URL: 'https://esurat.pekalongankota.go.id',
      SMTP_ENABLED: 'true',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_STARTTLS: 'never',
      SMTP_FROM: 'e-Surat <noreply@pekalongankota.go.id>',
      WHATSAPP_GATEWAY_URL: wa.url,
      WHATSAPP_GATEWAY_TOKEN: 'token-gateway-rahasia',
      // Wablas style: a list of messages.
      WHATSAPP_GATEWAY_BODY: '{"data":[{"phone":"{{phone}}","message":"{{message}}"}]}',
      NOTIFY_DIGEST_HOUR: '0',
    });
    p = await positionIds(t);
    for (const who of [KADIS, KABID]) await t.sql(`UPDATE person SET email = $2, phone = $3 WHERE username = $1`, [who.username, who.email, who.phone]);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await wa?.close();
  });

  it('starts from sensible defaults: in the app always, e-mail and WhatsApp for signatures and deadlines when reachable', async () => {
    const kadis = await prefs('kadis.kominfo');
    expect(kadis).toMatchObject({ saved: false, digest: false, email: KADIS.email, phone: KADIS.phone, available: { email: true, whatsapp: true } });
    expect(kadis.channels).toEqual({
      review: { inApp: true, email: false, whatsapp: false },
      signature: { inApp: true, email: true, whatsapp: true },
      disposition: { inApp: true, email: false, whatsapp: false },
      deadline: { inApp: true, email: true, whatsapp: true },
    });
    // No e-mail address and no number: nothing leaves the app by default.
    const staf = await prefs('staf.kominfo');
    expect(staf.channels.signature).toEqual({ inApp: true, email: false, whatsapp: false });
  });

  it('e-mails and WhatsApps the signer when a letter waits for the signature, with its subject and a link', async () => {
    const letterId = await submitted('Undangan Rapat Koordinasi Smart City');
    expect((await fire(t, letterId, 'kabid.aptika', 'approve')).status).toBe(200);
    const mail = await eventually(async () => mailsTo(KADIS.email)[0], 20_000);
    expect(mail.data).toMatch(/^Subject: \[e-Surat\] Surat menunggu tanda tangan$/m);
    const body = text(mail);
    expect(body).toContain('Undangan Rapat Koordinasi Smart City');
    expect(body).toContain(`https://esurat.pekalongankota.go.id/surat/${letterId}`);
    const message = await eventually(async () => whatsAppTo(KADIS.phone)[0], 20_000);
    expect(message.headers.authorization).toBe('token-gateway-rahasia');
    expect(message.headers['content-type']).toMatch(/^application\/json/);
    expect(message.body.data[0].message).toContain('Undangan Rapat Koordinasi Smart City');
    expect(message.body.data[0].message).toContain(`/surat/${letterId}`);
    // sign_request and action_sign of the same step: one message per channel, not two.
    await new Promise((r) => setTimeout(r, 1500));
    expect(mailsTo(KADIS.email)).toHaveLength(1);
    expect(whatsAppTo(KADIS.phone)).toHaveLength(1);
    // The review notice to the Kabid went nowhere outside the app (review e-mail is off by default).
    expect(mailsTo(KABID.email)).toHaveLength(0);
    const rows = await t.sql(`SELECT channel, status FROM notification_delivery d JOIN notification n ON n.id = d.notification_id WHERE n.letter_id = $1 ORDER BY channel`, [letterId]);
    expect(rows).toEqual([{ channel: 'email', status: 'sent' }, { channel: 'whatsapp', status: 'sent' }]);
  });

  it('never carries a Rahasia letter\'s subject outside the app: the sentence and the link only', async () => {
    const subject = 'Hasil Audit Investigasi Pengadaan Server';
    const letterId = await submitted(subject, 'rahasia');
    expect((await fire(t, letterId, 'kabid.aptika', 'approve')).status).toBe(200);
    const mail = await eventually(async () => mailsTo(KADIS.email).find((m) => text(m).includes(letterId)), 20_000);
    const body = text(mail);
    expect(body).toContain('Ada surat Rahasia menunggu tanda tangan Anda');
    expect(body).toContain(`https://esurat.pekalongankota.go.id/surat/${letterId}`);
    expect(mail.data).not.toContain('Audit');
    expect(body).not.toContain('Audit');
    expect(mail.data).toMatch(/^Subject: \[e-Surat\] Ada surat Rahasia menunggu tanda tangan Anda$/m);
    const message = await eventually(async () => whatsAppTo(KADIS.phone).find((r) => String(r.body.data[0].message).includes(letterId)), 20_000);
    expect(message.body.data[0].message).toContain('Ada surat Rahasia menunggu tanda tangan Anda');
    expect(JSON.stringify(message.body)).not.toContain('Audit');
    // In the app the notice keeps its subject for those who may read the letter.
    const bell = await t.http().get('/api/v1/notifications').set('Authorization', await auth('kadis.kominfo')).expect(200);
    expect(bell.body.items.some((n: { letterId: string; message: string }) => n.letterId === letterId && n.message.includes(subject))).toBe(true);
  });

  it('honours a person\'s choices: review by e-mail only and not in the bell', async () => {
    const put = await t
      .http()
      .put('/api/v1/me/notification-preferences')
      .set('Authorization', await auth('kabid.aptika'))
      .send({
        channels: {
          review: { inApp: false, email: true, whatsapp: false },
          signature: { inApp: true, email: false, whatsapp: false },
          disposition: { inApp: true, email: false, whatsapp: false },
          deadline: { inApp: true, email: false, whatsapp: false },
        },
        digest: false,
      })
      .expect(200);
    expect(put.body).toMatchObject({ saved: true, phone: KABID.phone });
    const sent = wa.requests.length;
    const letterId = await submitted('Permohonan Narasumber Literasi Digital');
    const mail = await eventually(async () => mailsTo(KABID.email).find((m) => text(m).includes(letterId)), 20_000);
    expect(mail.data).toMatch(/^Subject: \[e-Surat\] Surat menunggu pemeriksaan$/m);
    await new Promise((r) => setTimeout(r, 1500));
    expect(whatsAppTo(KABID.phone)).toHaveLength(0);
    expect(wa.requests.length).toBe(sent);
    // Turned off in the app: the bell leaves the review notice out; the inbox still has the work.
    const bell = await t.http().get('/api/v1/notifications').set('Authorization', await auth('kabid.aptika')).expect(200);
    expect(bell.body.items.filter((n: { letterId: string }) => n.letterId === letterId)).toEqual([]);
    const [{ n }] = await t.sql(`SELECT count(*)::int AS n FROM notification WHERE letter_id = $1 AND position_id = $2`, [letterId, p['KABID-APTIKA']]);
    expect(n).toBeGreaterThan(0);
  });

  it('refuses a channel the person cannot be reached by, and a malformed number', async () => {
    const channels = (whatsapp: boolean) => ({
      review: { inApp: true, email: false, whatsapp },
      signature: { inApp: true, email: false, whatsapp: false },
      disposition: { inApp: true, email: false, whatsapp: false },
      deadline: { inApp: true, email: false, whatsapp: false },
    });
    const token = await auth('staf.kominfo');
    const noPhone = await t.http().put('/api/v1/me/notification-preferences').set('Authorization', token).send({ channels: channels(true), digest: false });
    expect(noPhone.status).toBe(422);
    expect(noPhone.body.code).toBe('PHONE_NUMBER_MISSING');
    const noEmail = await t.http().put('/api/v1/me/notification-preferences').set('Authorization', token).send({ channels: { ...channels(false), deadline: { inApp: true, email: true, whatsapp: false } }, digest: false });
    expect(noEmail.status).toBe(422);
    expect(noEmail.body.code).toBe('EMAIL_ADDRESS_MISSING');
    const badPhone = await t.http().put('/api/v1/me/notification-preferences').set('Authorization', token).send({ channels: channels(true), digest: false, phone: '+62 812-abc' });
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.code).toBe('VALIDATION_FAILED');
    const ok = await t.http().put('/api/v1/me/notification-preferences').set('Authorization', token).send({ channels: channels(true), digest: false, phone: '6281100000003' }).expect(200);
    expect(ok.body).toMatchObject({ phone: '6281100000003', channels: { review: { whatsapp: true } } });
    const [{ phone }] = await t.sql(`SELECT phone FROM person WHERE username = 'staf.kominfo'`);
    expect(phone).toBe('6281100000003');
  });

  it('a gateway that is down never blocks the transition: retried, then recorded as a dead letter; a refusal (4xx) is not retried', async () => {
    wa.answer(500);
    try {
      const letterId = await submitted('Penyusunan Rencana Induk TIK');
      const approve = await fire(t, letterId, 'kabid.aptika', 'approve');
      expect(approve.status).toBe(200);
      const [failed] = await eventually(async () => {
        const rows = await t.sql(
          `SELECT d.status, d.attempts, d.last_error FROM notification_delivery d JOIN notification n ON n.id = d.notification_id WHERE n.letter_id = $1 AND d.channel = 'whatsapp' AND d.status = 'failed'`,
          [letterId],
        );
        return rows.length > 0 ? rows : undefined;
      }, 40_000);
      expect(failed).toMatchObject({ status: 'failed', attempts: 3 });
      expect(failed.last_error).toContain('500');
      expect(failed.last_error).not.toContain('token-gateway-rahasia');
      // The e-mail of the same notice went out all the same.
      await eventually(async () => mailsTo(KADIS.email).find((m) => text(m).includes(letterId)), 20_000);

      wa.answer(400);
      const second = await submitted('Pembaruan Lisensi Perangkat Lunak');
      const before = whatsAppTo(KADIS.phone).length;
      expect((await fire(t, second, 'kabid.aptika', 'approve')).status).toBe(200);
      const [refused] = await eventually(async () => {
        const rows = await t.sql(`SELECT d.status, d.attempts FROM notification_delivery d JOIN notification n ON n.id = d.notification_id WHERE n.letter_id = $1 AND d.channel = 'whatsapp' AND d.status = 'failed'`, [second]);
        return rows.length > 0 ? rows : undefined;
      }, 20_000);
      expect(refused).toMatchObject({ status: 'failed', attempts: 1 });
      expect(whatsAppTo(KADIS.phone).length - before).toBe(1);
    } finally {
      wa.answer(200);
    }
  });

  it('a person who takes the digest gets one message a day with what waited', async () => {
    await t
      .http()
      .put('/api/v1/me/notification-preferences')
      .set('Authorization', await auth('kabid.aptika'))
      .send({
        channels: {
          review: { inApp: true, email: true, whatsapp: true },
          signature: { inApp: true, email: false, whatsapp: false },
          disposition: { inApp: true, email: false, whatsapp: false },
          deadline: { inApp: true, email: false, whatsapp: false },
        },
        digest: true,
      })
      .expect(200);
    const mailsBefore = mailsTo(KABID.email).length;
    const first = await submitted('Evaluasi SPBE Triwulan III');
    const second = await submitted('Rahasia Negara Tidak Boleh Keluar', 'rahasia');
    await eventually(async () => {
      const rows = await t.sql(`SELECT 1 FROM notification_delivery d JOIN notification n ON n.id = d.notification_id WHERE n.letter_id = ANY($1::uuid[]) AND d.status = 'digest'`, [[first, second]]);
      return rows.length === 4 ? rows : undefined;
    }, 20_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(mailsTo(KABID.email)).toHaveLength(mailsBefore);

    const delivery = t.app.get(NotificationDeliveryService);
    expect(await delivery.digestAt(new Date())).toBe(2);
    const digests = mailsTo(KABID.email).slice(mailsBefore);
    expect(digests).toHaveLength(1);
    expect(digests[0].data).toMatch(/^Subject: \[e-Surat\] Ringkasan harian: 2 pemberitahuan$/m);
    const body = text(digests[0]);
    expect(body).toContain('Evaluasi SPBE Triwulan III');
    expect(body).toContain('Ada surat Rahasia menunggu pemeriksaan Anda');
    expect(body).not.toContain('Rahasia Negara');
    expect(body).toContain(`/surat/${second}`);
    const message = whatsAppTo(KABID.phone).at(-1)!;
    expect(message.body.data[0].message).toContain('Ringkasan pemberitahuan e-Surat (2)');
    expect(message.body.data[0].message).not.toContain('Rahasia Negara');
    // Once a day: a later notice waits for tomorrow's digest.
    await submitted('Sosialisasi Keamanan Informasi');
    await eventually(async () => ((await t.sql(`SELECT 1 FROM notification_delivery WHERE status = 'digest'`)).length > 0 ? true : undefined), 20_000);
    expect(await delivery.digestAt(new Date())).toBe(0);
    expect(mailsTo(KABID.email).slice(mailsBefore)).toHaveLength(1);
  });
});
