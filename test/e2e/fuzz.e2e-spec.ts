import { SIMPADU_KEY, approvalBody, setupSimpadu } from '../factories/approvals.factory';
import { dispose, registerIncoming } from '../factories/correspondence.factory';
import { draftLetter, positionIds } from '../factories/letters.factory';
import { FuzzCase, FuzzKind, OpenApiDocument, OpenApiFuzzer, Operation, seededRandom } from '../helpers/openapi-fuzz';
import { createTestApp, TestApp } from '../helpers/test-app';

jest.setTimeout(600_000);

/** Same seed, same requests: a failure found once is found again. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
/** Cases kept per kind of attack, per operation, for the caller the operation is meant for. */
const PER_KIND = Number(process.env.FUZZ_PER_KIND ?? 2);

/** Kinds that one global input guard answers (on another branch); a 5xx of these kinds is listed apart. */
const GLOBAL_GUARD_KINDS = new Set<FuzzKind>([FuzzKind.DEEP, FuzzKind.NUL, FuzzKind.LONE_SURROGATE, FuzzKind.BIG_NUMBER]);

/** Staff people: a konseptor (drafts letters) and TU (registers incoming letters, so uploads reach their checks). */
type CallerName = 'anonymous' | 'module' | 'staff' | 'registrar' | 'admin';

interface Violation {
  caller: CallerName;
  operation: string;
  kind: FuzzKind;
  label: string;
  status: number;
  problem: string;
}

describe('Schema-driven fuzz of every operation in /api/docs-json', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let fuzzer: OpenApiFuzzer;
  let headers: Record<CallerName, Record<string, string>>;
  let countRows: () => Promise<Record<string, number>>;
  const ids = new Map<string, string>();
  const violations: Violation[] = [];
  /** 4xx answers whose status or code the operation's document does not list: what a generated client would not expect. */
  const undocumented = new Set<string>();
  const statuses = new Map<number, number>();
  let sent = 0;

  beforeAll(async () => {
    // No workers: nothing writes behind the requests' backs, so a changed row count is the request's doing.
    t = await createTestApp({ WORKERS_ENABLED: 'false', WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true' });
    const res = await t.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    doc = res.body;

    // A registered callback must resolve (this network resolves no public name): a loopback one,
    // which nothing calls since no worker runs.
    const setup = await setupSimpadu(t, ['http://127.0.0.1:9/hooks']);
    const p = await positionIds(t);
    const letter = await draftLetter(t);
    const incoming = await registerIncoming(t);
    const disposed = await dispose(t, incoming.id, 'kadis.kominfo', { toPositionIds: [p['KABID-APTIKA']] });
    expect(disposed.status).toBe(201);
    const approval = await t.http().post('/api/v1/approvals').set('X-Api-Key', SIMPADU_KEY).send(approvalBody(setup));
    expect(approval.status).toBe(201);
    const one = async (sql: string, params: unknown[] = []) => (await t.sql<{ id: string }>(sql, params))[0]?.id;
    ids.set('letters.id', letter.id);
    ids.set('incoming-letters.id', incoming.id);
    ids.set('dispositions.id', disposed.body.id ?? (await one(`SELECT id FROM disposition LIMIT 1`)));
    ids.set('approvals.id', approval.body.id);
    ids.set('units.id', (await one(`SELECT unit_id AS id FROM position WHERE id = $1`, [p['KADIS-KOMINFO']]))!);
    ids.set('positions.id', p['KABID-APTIKA']);
    ids.set('personId', (await one(`SELECT id FROM person WHERE username = 'arsiparis'`))!);
    ids.set('people.id', (await one(`SELECT id FROM person WHERE username = 'arsiparis'`))!);
    ids.set('positionId', p.SEKDA);
    ids.set('modules.id', setup.moduleId);
    ids.set('keyId', (await one(`SELECT id FROM api_key WHERE module_id = $1 LIMIT 1`, [setup.moduleId]))!);
    ids.set('webhooks.eventId', (await one(`SELECT id FROM webhook_event LIMIT 1`))!);
    ids.set('formats.key', (await t.sql<{ key: string }>(`SELECT key FROM number_format LIMIT 1`))[0]?.key);
    ids.set('objects.id', (await one(`SELECT id FROM stored_object LIMIT 1`))!);

    fuzzer = new OpenApiFuzzer(doc, seededRandom(SEED), (template, param) => {
      const segments = template.split('/');
      const before = segments[segments.indexOf(`{${param}}`) - 1];
      return ids.get(`${before}.${param}`) ?? ids.get(param);
    }, (field) => {
      // Addressed to the Kadis Kominfo, as tu.kominfo registers letters; any other position field names a real one too.
      if (/addresseePositionId$/.test(field)) return p['KADIS-KOMINFO'];
      if (/PositionIds?$/.test(field)) return p['KABID-APTIKA'];
      return undefined;
    });
    headers = {
      anonymous: {},
      module: { 'X-Api-Key': SIMPADU_KEY },
      staff: { Authorization: `Bearer ${await t.token('staf.kominfo')}` },
      registrar: { Authorization: `Bearer ${await t.token('tu.kominfo')}` },
      admin: { Authorization: `Bearer ${await t.token('admin')}` },
    };

    // The audit trail records refusals on purpose (a failed login): its rows are the record, not a half-write.
    const tables = (
      await t.sql<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
            AND table_name NOT IN ('migrations', 'audit_entry', 'audit_pending', 'audit_chain_head') ORDER BY 1`,
      )
    ).map((r) => r.name);
    const countSql = tables.map((name) => `SELECT '${name}' AS name, count(*)::int AS n FROM "${name}"`).join(' UNION ALL ');
    countRows = async () => Object.fromEntries((await t.sql<{ name: string; n: number }>(countSql)).map((r) => [r.name, r.n]));
  });

  afterAll(async () => {
    const byStatus = [...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}:${n}`).join(' ');
    process.stdout.write(`fuzz: seed ${SEED}, ${PER_KIND} per kind, ${sent} requests; statuses ${byStatus}\n`);
    process.stdout.write(`fuzz: ${undocumented.size} undocumented 4xx answers\n${[...undocumented].sort().map((u) => `  ${u}\n`).join('')}`);
    await t?.close();
  });

  const meantFor = (op: Operation, caller: CallerName): boolean => {
    const schemes = (op.security ?? []).flatMap((s) => Object.keys(s));
    if (schemes.length === 0) return true;
    if (caller === 'module') return schemes.includes('api-key');
    return caller !== 'anonymous' && schemes.includes('bearer');
  };

  async function send(c: FuzzCase, caller: CallerName) {
    const req = t.http()[c.method.toLowerCase() as 'get'](c.path).set(headers[caller]);
    if (c.multipart) {
      for (const [name, value] of Object.entries(c.multipart.fields)) req.field(name, value);
      for (const f of c.multipart.files) req.attach(f.field, f.bytes, { filename: f.filename, contentType: f.contentType });
      return req;
    }
    if (c.json !== undefined) return req.set('Content-Type', c.contentType ?? 'application/json').send(c.json);
    return req;
  }

  /** A page for people's browsers (the QR verification page) answers its errors as a page too. */
  const isPage = (op: Operation): boolean => {
    const produced = Object.entries(op.responses ?? {}).filter(([status]) => status.startsWith('2')).flatMap(([, r]) => Object.keys(r.content ?? {}));
    return produced.length > 0 && produced.every((type) => type === 'text/html');
  };

  function check(op: Operation, res: { status: number; headers: Record<string, string>; body: any; text?: string }, before: Record<string, number>, after: Record<string, number>): string | undefined {
    if (res.status >= 500) return `answered ${res.status}: ${(res.text ?? '').slice(0, 200)}`;
    if (res.status >= 400) {
      const type = String(res.headers['content-type']);
      if (isPage(op) && type.startsWith('text/html')) return undefined;
      if (!type.startsWith('application/json')) return `a ${res.status} without a JSON body (${type})`;
      if (typeof res.body?.code !== 'string') return `a ${res.status} without a string code: ${JSON.stringify(res.body).slice(0, 200)}`;
      const changed = Object.keys(after).filter((name) => after[name] !== before[name]);
      if (changed.length) return `refused with ${res.body.code} but wrote rows: ${changed.map((n) => `${n} ${before[n]}→${after[n]}`).join(', ')}`;
    }
    return undefined;
  }

  /** The codes the document lists for a status of an operation (the ErrorEnvelope narrowed to them). */
  const documentedCodes = (op: Operation, status: number): string[] => {
    const schema = (op.responses?.[String(status)]?.content?.['application/json'] as { schema?: { allOf?: { properties?: { code?: { enum?: string[] } } }[] } } | undefined)?.schema;
    return schema?.allOf?.[1]?.properties?.code?.enum ?? [];
  };

  const callers: CallerName[] = ['anonymous', 'module', 'staff', 'registrar', 'admin'];
  it.each(callers)('no operation answers the %s caller with a 5xx, an untyped 4xx, or a half-written row', async (caller) => {
    // Deletions last: an admin revoking the demo key or a position's holder early would leave later cases nothing to reach.
    const operations = fuzzer.operations().sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
    let before = await countRows();
    for (const { method, template, op } of operations) {
      // A caller the operation is not meant for is stopped by the guard whatever it sends: a few cases show it.
      const cases = meantFor(op, caller) ? fuzzer.cases(method, template, op, PER_KIND) : fuzzer.cases(method, template, op, 1).slice(0, 4);
      for (const c of cases) {
        const res = await send(c, caller);
        sent += 1;
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        const after = await countRows();
        const problem = check(op, res, before, after);
        if (res.status >= 400 && res.status < 500 && typeof res.body?.code === 'string' && !isPage(op)) {
          const documented = documentedCodes(op, res.status);
          if (!documented.includes(res.body.code)) undocumented.add(`${method} ${template} ${res.status} ${res.body.code}`);
        }
        if (problem) violations.push({ caller, operation: `${method} ${template}`, kind: c.kind, label: c.label, status: res.status, problem });
        before = after;
      }
    }
    // The server still answers after all of it.
    expect((await t.http().get('/health')).status).toBe(200);

    const mine = violations.filter((v) => v.caller === caller);
    const report = (list: Violation[]) => list.map((v) => `${v.operation} [${v.kind}: ${v.label}] ${v.problem}`);
    expect({ globalInputGuard: report(mine.filter((v) => v.status >= 500 && GLOBAL_GUARD_KINDS.has(v.kind))), others: report(mine.filter((v) => !(v.status >= 500 && GLOBAL_GUARD_KINDS.has(v.kind)))) }).toEqual({ globalInputGuard: [], others: [] });
    // Every refusal is one the operation documents (status and code), so a generated client expects it.
    expect({ undocumented: [...undocumented].sort(), fix: undocumented.size ? 'add @ApiErrors(status, code) to the route (src/common/openapi/api-errors.decorator.ts)' : undefined }).toEqual({ undocumented: [], fix: undefined });
  });
});
