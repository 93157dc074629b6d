import { DEMO_SIGNING_PASSPHRASE } from '../../src/seeds/demo-city';
import type { TestApp } from '../helpers/test-app';

/** Position ids of the demo city by code (KADIS-KOMINFO, SEKDIS-KOMINFO, KABID-APTIKA...). */
export async function positionIds(t: TestApp): Promise<Record<string, string>> {
  const rows = await t.sql<{ code: string; id: string }>('SELECT code, id FROM position');
  return Object.fromEntries(rows.map((r) => [r.code, r.id]));
}

export interface DraftOptions {
  type?: 'surat-keluar' | 'nota-dinas' | 'surat-undangan';
  subject?: string;
  sifat?: string;
  urgency?: string;
  classificationCode?: string | null;
  reviewers?: { positionIds: string[]; mode?: string; n?: number }[];
  signers?: { positionIds: string[] }[];
  recipientPositionIds?: string[];
  tembusanPositionIds?: string[];
  externalRecipients?: { name: string; address?: string }[];
  /** Surat undangan: the event table and the closing paragraphs. */
  eventDetails?: { label: string; value: string }[];
  closing?: string[];
  /** a.n./u.b. on the first signer's block. */
  signatureMark?: { kind: string; onBehalfOfPositionId: string; viaPositionId?: string };
}

/**
 * staf.kominfo's surat dinas to the Kepala Dinas Kesehatan, tembusan Sekretaris Daerah,
 * reviewed by Kasi, Kabid and Sekdis, signed by the Kepala Dinas Kominfo (scenario (a)).
 */
export async function draftLetter(t: TestApp, options: DraftOptions = {}, drafter = 'staf.kominfo'): Promise<{ id: string; version: number; body: any }> {
  const p = await positionIds(t);
  const body: Record<string, unknown> = {
    type: options.type ?? 'surat-keluar',
    subject: options.subject ?? 'Permohonan Dukungan Integrasi Sistem Informasi Kesehatan',
    sifat: options.sifat ?? 'biasa',
    urgency: options.urgency ?? 'segera',
    body: { paragraphs: ['Dalam rangka integrasi layanan, kami mohon dukungan Saudara.', 'Atas perhatian Saudara kami ucapkan terima kasih.'] },
    recipientPositionIds: options.recipientPositionIds ?? [p['KADIS-DINKES']],
    tembusanPositionIds: options.tembusanPositionIds ?? [p.SEKDA],
    reviewers: options.reviewers ?? [{ positionIds: [p['KASI-APTIKA']] }, { positionIds: [p['KABID-APTIKA']] }, { positionIds: [p['SEKDIS-KOMINFO']] }],
    signers: options.signers ?? [{ positionIds: [p['KADIS-KOMINFO']] }],
  };
  if (options.classificationCode !== null) body.classificationCode = options.classificationCode ?? '000.8.3.3';
  if (options.externalRecipients) body.externalRecipients = options.externalRecipients;
  if (options.signatureMark) body.signatureMark = options.signatureMark;
  if (options.eventDetails) (body.body as Record<string, unknown>).eventDetails = options.eventDetails;
  if (options.closing) (body.body as Record<string, unknown>).closing = options.closing;
  const res = await t.http().post('/api/v1/letters').set('Authorization', `Bearer ${await t.token(drafter)}`).send(body);
  if (res.status !== 201) throw new Error(`draft failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, version: res.body.version, body: res.body };
}

/** Fires an event as `username` with the letter's current version (signing with the demo passphrase); returns the response. */
export async function fire(t: TestApp, letterId: string, username: string, event: string, extra: Record<string, unknown> = {}) {
  if (event === 'sign' && !('passphrase' in extra)) extra = { ...extra, passphrase: DEMO_SIGNING_PASSPHRASE };
  const token = `Bearer ${await t.token(username)}`;
  const current = await t.http().get(`/api/v1/letters/${letterId}`).set('Authorization', token);
  const version = current.status === 200 ? current.body.version : 1;
  return t.http().post(`/api/v1/letters/${letterId}/transitions`).set('Authorization', token).send({ event, version, ...extra });
}

/** Polls until `check` passes (work done by the outbox relay and the workers), or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The letter's current PDF as the given user downloads it (asserts a 200 PDF). */
export async function downloadDocument(t: TestApp, letterId: string, username = 'staf.kominfo'): Promise<Buffer> {
  const res = await t
    .http()
    .get(`/api/v1/letters/${letterId}/document`)
    .set('Authorization', `Bearer ${await t.token(username)}`)
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  return res.body as Buffer;
}
