import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { setupSimpadu } from '../factories/approvals.factory';
import { eventually, fire } from '../factories/letters.factory';
import { freePort } from '../helpers/free-port';
import { ROOT } from '../helpers/processes';
import { createTestApp, TestApp } from '../helpers/test-app';
import { WebhookReceiver } from '../helpers/webhook-receiver';

jest.setTimeout(180_000);

const PHP_CLIENT = join(ROOT, 'clients', 'php');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command without blocking the event loop: the server under test answers from this
 * very process. `onLine` sees each line of its output as it comes.
 */
function run(command: string, args: string[], env: Record<string, string>, onLine: (line: string) => void = () => undefined): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PHP_CLIENT, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The PHP client (clients/php) against a real server: its PHPUnit suite, then the plain-PHP example end to end. */
describe('PHP client (clients/php)', () => {
  let t: TestApp;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    t = await createTestApp({ WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true' });
    await receiver.start();
  });

  afterAll(async () => {
    await receiver.stop();
    await t?.close();
  });

  it('passes its PHPUnit suite, run as the README says, against the server', async () => {
    const setup = await setupSimpadu(t, [receiver.url]);
    const result = await run('phpunit', ['-c', 'phpunit.xml.dist'], {
      ESURAT_URL: t.baseUrl,
      ESURAT_API_KEY: setup.apiKey,
      ESURAT_APPROVER_POSITION_ID: setup.positions['KADIS-KOMINFO'],
      ESURAT_CALLBACK_URL: receiver.url,
    });
    if (result.code !== 0) throw new Error(`phpunit exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
    expect(result.stdout).toMatch(/OK \((\d+) tests, \d+ assertions\)/);
    expect(Number(/OK \((\d+) tests/.exec(result.stdout)![1])).toBeGreaterThanOrEqual(20);
    expect(result.stdout).not.toMatch(/Skipped|Risky|Incomplete|Warning/);
    // The suite's test delivery reached the receiver and verifies with the official library (Node's, here).
    const ping = await eventually(async () => receiver.received.find((h) => h.type === 'ping'));
    expect(new Webhook(setup.webhookSecret).verify(ping.rawBody, ping.headers)).toMatchObject({ type: 'ping' });
  });

  it('runs the plain-PHP SIMPADU example end to end: submits a PDF, verifies the webhooks, downloads the signed PDF', async () => {
    const port = await freePort();
    const callbackUrl = `http://127.0.0.1:${port}/webhooks/esurat`;
    const setup = await setupSimpadu(t, [callbackUrl]);
    const decided: Promise<void>[] = [];
    const result = await run(
      'php',
      ['examples/simpadu.php'],
      {
        ESURAT_URL: t.baseUrl,
        ESURAT_API_KEY: setup.apiKey,
        ESURAT_WEBHOOK_SECRET: setup.webhookSecret,
        SIMPADU_SIGNER_POSITION_ID: setup.positions['KADIS-KOMINFO'],
        SIMPADU_RECEIVER_PORT: String(port),
        SIMPADU_CALLBACK_URL: callbackUrl,
        SIMPADU_TIMEOUT: '60',
      },
      (line) => {
        // The Kepala Dinas approves, then signs, in e-Surat once SIMPADU has submitted.
        const submitted = /^\[simpadu\] approval ([0-9a-f-]{36}) pending/.exec(line);
        if (!submitted) return;
        decided.push(
          (async () => {
            expect((await fire(t, submitted[1], 'kadis.kominfo', 'approve')).status).toBe(200);
            expect((await fire(t, submitted[1], 'kadis.kominfo', 'sign')).status).toBe(200);
          })(),
        );
      },
    );
    await Promise.all(decided);
    if (result.code !== 0) throw new Error(`simpadu.php exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
    expect(result.stdout).toContain('[simpadu] test delivery received and verified');
    const summary = JSON.parse(result.stdout.trim().split('\n').pop()!);
    expect(summary).toMatchObject({
      finalState: 'approved',
      events: ['approval.pending', 'approval.awaiting_signature', 'approval.approved'],
      deliveries: ['delivered', 'delivered', 'delivered'],
      signed: true,
    });
    const [doc] = await t.sql(`SELECT d.kind, d.size FROM letter l JOIN letter_document d ON d.id = l.current_document_id WHERE l.id = $1`, [summary.approvalId]);
    expect(doc.kind).toBe('signed');
    expect(Number(doc.size)).toBe(summary.pdfBytes);
  });
});
