import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { TestApp } from '../helpers/test-app';
import { positionIds } from './letters.factory';

/** A small one-page PDF standing in for a scanned letter. */
export async function scannedPdf(text = 'Surat masuk hasil pindai'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText(text, { x: 72, y: 760, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

export interface IncomingOptions {
  senderName?: string;
  senderNumber?: string;
  senderDate?: string;
  subject?: string;
  sifat?: string;
  urgency?: string;
  classificationCode?: string;
  /** A position code of the demo city, or a position id. */
  addressee?: string;
  confirmDuplicate?: boolean;
  receivedAt?: string;
  pdf?: Buffer;
}

let sequence = 0;

/** POST /api/v1/incoming-letters as `registrar` (tu.kominfo); returns the raw response. */
export async function postIncoming(t: TestApp, options: IncomingOptions = {}, registrar = 'tu.kominfo') {
  const p = await positionIds(t);
  sequence += 1;
  const req = t
    .http()
    .post('/api/v1/incoming-letters')
    .set('Authorization', `Bearer ${await t.token(registrar)}`)
    .field('senderName', options.senderName ?? 'Dinas Kesehatan Provinsi Jawa Tengah')
    .field('senderNumber', options.senderNumber ?? `440/${1000 + sequence}/Dinkes/${Date.now() % 100000}`)
    .field('senderDate', options.senderDate ?? '2026-11-02')
    .field('subject', options.subject ?? 'Undangan Rapat Koordinasi Sistem Informasi Kesehatan Daerah')
    .field('sifat', options.sifat ?? 'biasa')
    .field('urgency', options.urgency ?? 'segera')
    .field('classificationCode', options.classificationCode ?? '000.8.3.3')
    .field('addresseePositionId', p[options.addressee ?? 'KADIS-KOMINFO'] ?? options.addressee);
  if (options.receivedAt) req.field('receivedAt', options.receivedAt);
  if (options.confirmDuplicate !== undefined) req.field('confirmDuplicate', String(options.confirmDuplicate));
  return req.attach('scan', options.pdf ?? (await scannedPdf()), { filename: 'scan.pdf', contentType: 'application/pdf' });
}

/** Registers a surat masuk and fails the test unless it was created. */
export async function registerIncoming(t: TestApp, options: IncomingOptions = {}, registrar = 'tu.kominfo'): Promise<{ id: string; body: any }> {
  const res = await postIncoming(t, options, registrar);
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.id, body: res.body };
}

/** POST /api/v1/letters/:id/dispositions as `username`. */
export async function dispose(
  t: TestApp,
  letterId: string,
  username: string,
  body: { toPositionIds: string[]; instructions?: string[]; note?: string; dueAt?: string; parentDispositionId?: string },
) {
  return t
    .http()
    .post(`/api/v1/letters/${letterId}/dispositions`)
    .set('Authorization', `Bearer ${await t.token(username)}`)
    .send({ instructions: ['proses'], ...body });
}

/** POST /api/v1/dispositions/:id/<action> as `username`. */
export async function dispositionAction(t: TestApp, id: string, username: string, action: 'read' | 'recall' | 'report' | 'done', body: Record<string, unknown> = {}) {
  return t
    .http()
    .post(`/api/v1/dispositions/${id}/${action}`)
    .set('Authorization', `Bearer ${await t.token(username)}`)
    .send(body);
}

/** A ZIP archive of stored (uncompressed) entries: enough to stand in for a docx or odt. */
export function storedZip(entries: [string, string][]): Buffer {
  const parts: Buffer[] = [];
  for (const [name, data] of entries) {
    const n = Buffer.from(name);
    const d = Buffer.from(data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt32LE(d.length, 18);
    header.writeUInt32LE(d.length, 22);
    header.writeUInt16LE(n.length, 26);
    parts.push(header, n, d);
  }
  return Buffer.concat(parts);
}
