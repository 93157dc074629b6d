import { downloadDocument, draftLetter, eventually, fire, positionIds } from '../factories/letters.factory';
import { fakeSmtp } from '../helpers/fake-smtp';
import { mimePart } from '../helpers/mime';
import { createTestApp, TestApp } from '../helpers/test-app';

// Whole-app HTTP flows; the e2e project's testTimeout does not reach hooks under every runner.
jest.setTimeout(90_000);

/** Drafts a surat keluar to the given external recipients and drives it to `sent`. */
async function sendLetter(t: TestApp, p: Record<string, string>, externalRecipients: { name: string; address?: string; email?: string }[]): Promise<string> {
  const letter = await draftLetter(t, { subject: 'Undangan Rapat Koordinasi Layanan Publik', reviewers: [{ positionIds: [p['KABID-APTIKA']] }], externalRecipients: externalRecipients as never });
  expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
  expect((await fire(t, letter.id, 'kabid.aptika', 'approve')).status).toBe(200);
  expect((await fire(t, letter.id, 'kadis.kominfo', 'sign')).status).toBe(200);
  expect((await fire(t, letter.id, 'staf.kominfo', 'send')).status).toBe(200);
  return letter.id;
}

const dispatchList = async (t: TestApp, letterId: string) =>
  (await t.http().get(`/api/v1/letters/${letterId}/dispatch`).set('Authorization', `Bearer ${await t.token('staf.kominfo')}`).expect(200)).body as {
    id: string;
    seq: number;
    email: string | null;
    channel: string;
    status: string;
    waitingFor: string | null;
    dispatchedAt: string | null;
  }[];

describe('Dispatch by e-mail (SMTP_ENABLED)', () => {
  let t: TestApp;
  let p: Record<string, string>;
  let smtp: Awaited<ReturnType<typeof fakeSmtp>>;

  beforeAll(async () => {
    smtp = await fakeSmtp(['tidak.ada@unikal.example'], ['penuh@unikal.example']);
    t = await createTestApp({
      SMTP_ENABLED: 'true',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_STARTTLS: 'never',
      SMTP_USER: 'esurat',
      SMTP_PASSWORD: 'rahasia-smtp',
      SMTP_FROM: 'e-Surat <noreply@pekalongankota.go.id>',
    });
    p = await positionIds(t);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('e-mails the signed PDF to an external recipient with an address and marks the item dispatched', async () => {
    const letterId = await sendLetter(t, p, [
      { name: 'PT Telkom Indonesia Witel Pekalongan', address: 'Jl. Merdeka No. 1, Pekalongan' },
      { name: 'Universitas Pekalongan <Rektor>', address: 'Jl. Sriwijaya No. 3', email: 'rektorat@unikal.example' },
    ]);
    const mail = await eventually(async () => smtp.mails.find((m) => m.to.includes('rektorat@unikal.example')), 20_000);
    expect(mail.to).toEqual(['rektorat@unikal.example']);
    expect(mail.from).toBe('noreply@pekalongankota.go.id');
    expect(mail.auth).toEqual({ method: 'PLAIN', username: 'esurat', password: 'rahasia-smtp' });
    expect(mail.data).toMatch(/^From: "e-Surat" <noreply@pekalongankota\.go\.id>$/m);
    expect(mail.data).toMatch(/^To: "Universitas Pekalongan <Rektor>" <rektorat@unikal\.example>$/m);
    expect(mail.data).toMatch(/^Subject: Undangan Rapat Koordinasi Layanan Publik/m);
    expect(mail.data).toMatch(/^Message-ID: <.+@pekalongankota\.go\.id>$/m);

    const text = mimePart(mail.data, 'text/plain');
    expect(text?.bytes.toString('utf8')).toContain('Bersama surel ini kami sampaikan surat');
    const attachment = mimePart(mail.data, 'application/pdf');
    expect(attachment?.head).toMatch(/Content-Disposition: attachment;\s+filename="?[^"\s]+\.pdf"?/);
    expect(attachment!.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(attachment!.bytes.equals(await downloadDocument(t, letterId))).toBe(true);

    const items = await eventually(async () => {
      const list = await dispatchList(t, letterId);
      return list.find((i) => i.channel === 'email')?.status === 'dispatched' ? list : undefined;
    });
    expect(items).toEqual([
      expect.objectContaining({ seq: 1, channel: 'paper', status: 'pending', waitingFor: 'manual', dispatchedAt: null }),
      expect.objectContaining({ seq: 2, channel: 'email', status: 'dispatched', waitingFor: null, dispatchedAt: expect.any(String) }),
    ]);
    // The paper item never went to the SMTP server.
    expect(smtp.mails.filter((m) => m.data.includes('PT Telkom'))).toHaveLength(0);
    // One outbox event per e-mail item, none for paper.
    const [outbox] = await t.sql(`SELECT count(*)::int AS n FROM outbox_event WHERE type = 'dispatch.email' AND letter_id = $1`, [letterId]);
    expect(outbox.n).toBe(1);
  });

  it('records a recipient refused for good (5xx) at once, without retrying; the item stays on the printable list and nothing crashes', async () => {
    const letterId = await sendLetter(t, p, [{ name: 'Alamat Salah', address: 'Jl. Tidak Ada', email: 'tidak.ada@unikal.example' }]);
    const [failure] = await eventually(
      async () => {
        const rows = await t.sql(`SELECT message FROM notification WHERE letter_id = $1 AND kind = 'dispatch_email_failed'`, [letterId]);
        return rows.length > 0 ? rows : undefined;
      },
      30_000,
    );
    expect(failure.message).toContain('550');
    expect(failure.message).toContain('tidak.ada@unikal.example');
    expect(failure.message).not.toContain('rahasia-smtp');
    // 550 is permanent: the same message would be refused again, so it is not retried.
    expect(smtp.rcptAttempts.filter((a) => a === 'tidak.ada@unikal.example')).toHaveLength(1);
    // Refused for good: it waits for printing or manual sending now, not for the mailer.
    const [item] = await dispatchList(t, letterId);
    expect(item).toMatchObject({ channel: 'email', status: 'pending', waitingFor: 'manual', dispatchedAt: null });
    // The app still answers.
    const page = await t.http().get(`/api/v1/letters/${letterId}/dispatch/print`).set('Authorization', `Bearer ${await t.token('staf.kominfo')}`).expect(200);
    expect(page.text).toContain('tidak.ada@unikal.example');
  });

  it('retries a recipient refused for now (4xx) and records it after the last attempt', async () => {
    const letterId = await sendLetter(t, p, [{ name: 'Kotak Penuh', address: 'Jl. Sriwijaya No. 3', email: 'penuh@unikal.example' }]);
    const [failure] = await eventually(
      async () => {
        const rows = await t.sql(`SELECT message FROM notification WHERE letter_id = $1 AND kind = 'dispatch_email_failed'`, [letterId]);
        return rows.length > 0 ? rows : undefined;
      },
      30_000,
    );
    expect(failure.message).toContain('451');
    expect(smtp.rcptAttempts.filter((a) => a === 'penuh@unikal.example')).toHaveLength(3);
    expect((await dispatchList(t, letterId))[0]).toMatchObject({ channel: 'email', status: 'pending', dispatchedAt: null });
  });
});

describe('Dispatch by e-mail off (default)', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof fakeSmtp>>;

  beforeAll(async () => {
    smtp = await fakeSmtp();
    // SMTP_HOST/PORT point at the fake server, but SMTP_ENABLED is left at its default (false).
    t = await createTestApp({ SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port) });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('makes no connection and leaves the e-mail item pending for the printable list', async () => {
    expect(t.config.SMTP_ENABLED).toBe(false);
    const p = await positionIds(t);
    const letterId = await sendLetter(t, p, [{ name: 'Universitas Pekalongan', address: 'Jl. Sriwijaya No. 3', email: 'rektorat@unikal.example' }]);
    const [item] = await eventually(async () => {
      const list = await dispatchList(t, letterId);
      return list.length === 1 ? list : undefined;
    });
    // SMTP off: the e-mail item waits for printing or manual sending, not for an e-mail that will never go.
    expect(item).toMatchObject({ channel: 'email', email: 'rektorat@unikal.example', status: 'pending', waitingFor: 'manual' });
    const page = await t.http().get(`/api/v1/letters/${letterId}/dispatch/print`).set('Authorization', `Bearer ${await t.token('staf.kominfo')}`).expect(200);
    expect(page.text).toContain('Menunggu dicetak / dikirim manual');
    expect(page.text).not.toContain('Menunggu dikirim lewat surel');
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.connections()).toBe(0);
    expect(await t.sql(`SELECT 1 FROM outbox_event WHERE type = 'dispatch.email'`)).toHaveLength(0);
    expect((await dispatchList(t, letterId))[0].status).toBe('pending');
  });
});
