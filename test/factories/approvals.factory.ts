import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { TestApp } from '../helpers/test-app';
import { positionIds } from './letters.factory';

/** The demo module's key (seeded in the template database). */
export const SIMPADU_KEY = 'demo-simpadu-key';

export interface ModuleSetup {
  moduleId: string;
  apiKey: string;
  webhookSecret: string;
  positions: Record<string, string>;
}

/** Registers `callbackUrls` for the demo module simpadu and gives it a fresh webhook secret (as an admin would). */
export async function setupSimpadu(t: TestApp, callbackUrls: string[]): Promise<ModuleSetup> {
  const admin = `Bearer ${await t.token('admin')}`;
  const [{ id: moduleId }] = await t.sql<{ id: string }>(`SELECT id FROM module_client WHERE name = 'simpadu'`);
  const patched = await t.http().patch(`/api/v1/admin/modules/${moduleId}`).set('Authorization', admin).send({ callbackUrls });
  if (patched.status !== 200) throw new Error(`patch module: ${patched.status} ${JSON.stringify(patched.body)}`);
  const secret = await t.http().post(`/api/v1/admin/modules/${moduleId}/webhook-secret`).set('Authorization', admin).send();
  if (secret.status !== 201) throw new Error(`webhook secret: ${secret.status} ${JSON.stringify(secret.body)}`);
  return { moduleId, apiKey: SIMPADU_KEY, webhookSecret: secret.body.webhookSecret, positions: await positionIds(t) };
}

/** A one-page permit PDF, as SIMPADU would send it. */
export async function permitPdf(text = 'Izin Mendirikan Bangunan No. 503/IMB/2026'): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595.28, 841.89]);
  page.drawText(text, { x: 72, y: 760, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** An approval request body: Kabid then Kadis approve; optional PDF and callback. */
export function approvalBody(setup: ModuleSetup, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    reference: `PRM-${Math.random().toString(36).slice(2, 10)}`,
    title: 'Permohonan Izin Mendirikan Bangunan a.n. PT Maju Jaya',
    description: 'Pembangunan gudang di Jl. Pelita No. 5',
    approvers: [{ positionIds: [setup.positions['KABID-APTIKA']] }, { positionIds: [setup.positions['KADIS-KOMINFO']] }],
    metadata: { applicant: 'PT Maju Jaya', fee: 1250000 },
    ...extra,
  };
}
