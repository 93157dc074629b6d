/**
 * SIMPADU (one-stop permits) asking e-Surat for a permit's approval and signature.
 *
 *   npm run build
 *   ESURAT_URL=https://esurat.example.go.id ESURAT_API_KEY=... ESURAT_WEBHOOK_SECRET=whsec_... \
 *   SIMPADU_SIGNER_POSITION_ID=<position id of the Kepala Dinas> SIMPADU_CALLBACK_URL=http://<this host>:4100/webhooks/esurat \
 *   node dist/examples/simpadu.js
 *
 * Against the demo city, `npm run example:simpadu` (examples/simpadu-demo.ts) does the
 * administrator's and the officials' part as well.
 *
 * It submits a permit PDF for approval, receives the webhooks on its own HTTP endpoint,
 * checks every signature and drops duplicates by event id, and once the approval is
 * approved downloads the signed PDF. The callback URL must be registered for the module by
 * an administrator (PATCH /api/v1/admin/modules/:id with callbackUrls).
 */
import { writeFile } from 'node:fs/promises';
import { createServer, IncomingMessage, Server } from 'node:http';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { EsuratClient, verifyWebhook, WebhookEvent, WebhookVerificationError } from '../clients/ts/src';

export interface SimpaduOptions {
  baseUrl: string;
  apiKey: string;
  /** The module's webhook secret; or left out when `register` provides it. */
  webhookSecret?: string;
  /**
   * Registers the callback URL once the receiver listens (an administrator's step) and returns
   * the webhook secret to check deliveries with.
   */
  register?: (callbackUrl: string) => Promise<string>;
  /** The official who approves and signs the permit. */
  signerPositionId: string;
  /** Where this example listens; 0 picks a free port. */
  receiverPort?: number;
  /** The URL e-Surat posts to; by default http://127.0.0.1:<port>/webhooks/esurat. */
  callbackUrl?: string;
  /** Where to write the signed PDF; not written when left out. */
  outputFile?: string;
  /** Called once the approval exists (a demo can decide it from here). */
  onSubmitted?: (approvalId: string) => Promise<void> | void;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface SimpaduResult {
  approvalId: string;
  finalState: string;
  events: WebhookEvent[];
  duplicatesDropped: number;
  badSignatures: number;
  signedPdf: Uint8Array;
  signed: boolean;
}

async function permitPdf(reference: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595.28, 841.89]);
  page.drawText('PEMERINTAH KOTA PEKALONGAN', { x: 72, y: 770, size: 14, font });
  page.drawText(`Izin Mendirikan Bangunan ${reference}`, { x: 72, y: 740, size: 12, font });
  page.drawText('Pemohon: PT Maju Jaya, Jl. Pelita No. 5', { x: 72, y: 720, size: 11, font });
  return doc.save({ useObjectStreams: false });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function runSimpadu(options: SimpaduOptions): Promise<SimpaduResult> {
  const log = options.log ?? ((line: string) => console.log(`[simpadu] ${line}`));
  const client = new EsuratClient({ baseUrl: options.baseUrl, apiKey: options.apiKey });
  const seen = new Set<string>();
  const events: WebhookEvent[] = [];
  let duplicatesDropped = 0;
  let badSignatures = 0;
  let webhookSecret = options.webhookSecret ?? '';
  let settle: (event: WebhookEvent) => void = () => undefined;
  const finished = new Promise<WebhookEvent>((resolve) => (settle = resolve));

  // The webhook endpoint: verify first (on the raw body), then deduplicate by event id, then act.
  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      let event: WebhookEvent;
      try {
        // Standard Webhooks: webhook-id, webhook-timestamp and webhook-signature.
        event = verifyWebhook(webhookSecret, req.headers, raw, { toleranceSeconds: 300 });
      } catch (err) {
        if (!(err instanceof WebhookVerificationError)) throw err;
        badSignatures++;
        res.writeHead(401).end();
        return;
      }
      res.writeHead(204).end();
      if (seen.has(event.id)) {
        duplicatesDropped++;
        return;
      }
      seen.add(event.id);
      events.push(event);
      log(`webhook ${event.type} (#${event.data.sequence}) for ${event.data.reference}`);
      if (['approved', 'rejected', 'cancelled'].includes(event.data.state)) settle(event);
    })();
  });
  await new Promise<void>((r) => server.listen(options.receiverPort ?? 0, r));
  const port = (server.address() as { port: number }).port;
  const callbackUrl = options.callbackUrl ?? `http://127.0.0.1:${port}/webhooks/esurat`;

  try {
    if (options.register) webhookSecret = await options.register(callbackUrl);
    if (!webhookSecret) throw new Error('runSimpadu needs webhookSecret or register');
    const reference = `503/IMB/${new Date().getFullYear()}/${Math.floor(Math.random() * 1e6)}`;
    const { approval } = await client.createApproval(
      {
        reference,
        title: `Penandatanganan Izin Mendirikan Bangunan ${reference}`,
        description: 'Permohonan IMB gudang PT Maju Jaya, Jl. Pelita No. 5',
        approvers: [{ positionIds: [options.signerPositionId] }],
        pdf: await permitPdf(reference),
        pdfFileName: 'izin-mendirikan-bangunan.pdf',
        metadata: { applicant: 'PT Maju Jaya', simpaduRecord: reference },
        callbackUrl,
      },
      // The permit's own reference: a retried submission cannot create a second approval.
      `simpadu-${reference}`,
    );
    log(`submitted ${reference} as approval ${approval.id} (${approval.state}); waiting for the officials`);
    await options.onSubmitted?.(approval.id);

    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no final webhook in time')), options.timeoutMs ?? 600_000).unref());
    const final = await Promise.race([finished, timeout]);
    log(`approval ${final.data.state}`);
    const current = await client.getApproval(approval.id);
    const pdf = await client.downloadSignedPdf(approval.id);
    if (options.outputFile) await writeFile(options.outputFile, pdf.bytes);
    log(`downloaded the ${pdf.signed ? 'signed' : 'original'} PDF (${pdf.bytes.length} bytes, decisions: ${current.decisions.map((d) => d.event).join(' → ')})`);
    return { approvalId: approval.id, finalState: final.data.state, events, duplicatesDropped, badSignatures, signedPdf: pdf.bytes, signed: pdf.signed };
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

if (require.main === module) {
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`Set ${name}`);
    return value;
  };
  runSimpadu({
    baseUrl: process.env.ESURAT_URL ?? 'http://localhost:3000',
    apiKey: env('ESURAT_API_KEY'),
    webhookSecret: env('ESURAT_WEBHOOK_SECRET'),
    signerPositionId: env('SIMPADU_SIGNER_POSITION_ID'),
    receiverPort: Number(process.env.SIMPADU_RECEIVER_PORT ?? 4100),
    callbackUrl: process.env.SIMPADU_CALLBACK_URL,
    outputFile: process.env.SIMPADU_OUTPUT ?? 'izin-signed.pdf',
  }).then(
    (r) => console.log(`done: ${r.finalState}, ${r.events.length} events, signed=${r.signed}`),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
