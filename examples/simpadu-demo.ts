/**
 * examples/simpadu.ts played end to end against the demo city, with no set-up by hand:
 *
 *   WEBHOOK_ALLOW_PRIVATE_CALLBACKS=true npm start     # the receiver below listens on 127.0.0.1
 *   npm run example:simpadu                            # in a second terminal
 *
 * As the demo administrator it registers this machine's receiver as the module's callback URL
 * and takes a fresh webhook secret; as the Kepala Dinas Kominfo it approves and signs the permit
 * once SIMPADU has submitted it. ESURAT_URL (default http://localhost:3000) names the server.
 */
import { runSimpadu } from './simpadu';

const DEMO_PASSWORD = 'Demo#2026';
const DEMO_PASSPHRASE = 'Tte#2026';
const DEMO_API_KEY = 'demo-simpadu-key';

async function call<T>(baseUrl: string, method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const login = async (baseUrl: string, username: string) =>
  (await call<{ accessToken: string }>(baseUrl, 'POST', '/auth/login', null, { username, password: DEMO_PASSWORD })).accessToken;

export async function runSimpaduDemo(baseUrl: string, log: (line: string) => void = (line) => console.log(line)) {
  const admin = await login(baseUrl, 'admin');
  const kadis = await login(baseUrl, 'kadis.kominfo');
  const modules = await call<{ id: string; name: string }[]>(baseUrl, 'GET', '/admin/modules', admin);
  const simpadu = modules.find((m) => m.name === 'simpadu');
  if (!simpadu) throw new Error('the demo module simpadu is not registered: is this the demo city?');
  const positions = await call<{ id: string; code: string }[]>(baseUrl, 'GET', '/positions', kadis);
  const signer = positions.find((p) => p.code === 'KADIS-KOMINFO')!;

  return runSimpadu({
    baseUrl,
    apiKey: DEMO_API_KEY,
    signerPositionId: signer.id,
    receiverPort: 0,
    log: (line) => log(`[simpadu] ${line}`),
    // runSimpadu listens first, then asks for the callback URL and the secret it checks with.
    register: async (callbackUrl) => {
      await call(baseUrl, 'PATCH', `/admin/modules/${simpadu.id}`, admin, { callbackUrls: [callbackUrl] });
      const { webhookSecret } = await call<{ webhookSecret: string }>(baseUrl, 'POST', `/admin/modules/${simpadu.id}/webhook-secret`, admin);
      log(`[admin] registered ${callbackUrl} for simpadu and issued a new webhook secret`);
      return webhookSecret;
    },
    onSubmitted: async (id) => {
      for (const [event, extra] of [['approve', {}], ['sign', { passphrase: DEMO_PASSPHRASE }]] as const) {
        const { version } = await call<{ version: number }>(baseUrl, 'GET', `/letters/${id}`, kadis);
        await call(baseUrl, 'POST', `/letters/${id}/transitions`, kadis, { event, version, ...extra });
        log(`[kadis.kominfo] ${event}`);
      }
    },
    timeoutMs: 60_000,
  });
}

if (require.main === module) {
  runSimpaduDemo(process.env.ESURAT_URL ?? 'http://localhost:3000').then(
    (r) => console.log(`done: approval ${r.approvalId} ${r.finalState}, ${r.events.length} webhooks, signed PDF: ${r.signed}`),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
