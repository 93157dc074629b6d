import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, TestApp } from '../helpers/test-app';

jest.setTimeout(300_000);

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

/** The first ```bash block after a README heading, exactly as a reader copies it. */
function readmeBlock(heading: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(heading));
  const block = /```bash\n([\s\S]*?)```/.exec(section);
  if (!section.startsWith(heading) || !block) throw new Error(`README has no bash block under ${heading}`);
  return block[1];
}

describe('What a new user runs from the README', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ WEBHOOK_ALLOW_PRIVATE_CALLBACKS: 'true' })));
  afterAll(() => t?.close());

  it('"A letter\'s life over HTTP" runs as pasted, to a signed letter and its PDF', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'esurat-walk-'));
    try {
      const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', readmeBlock("### A letter's life over HTTP")], {
        cwd,
        env: { ...process.env, ESURAT_URL: t.baseUrl },
        timeout: 120_000,
      });
      const lines = stdout.trim().split('\n');
      const [letter] = await t.sql(`SELECT id, number, verification_code, state FROM letter WHERE subject = 'Permohonan Data Kunjungan Puskesmas'`);
      expect(letter.state).toBe('signed');
      expect(lines).toContain(`review: ${letter.id}`);
      expect(lines).toContain(`${letter.number}  ${t.config.PUBLIC_URL}/verify/${letter.verification_code}`);
      expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^submit by /), expect.stringMatching(/^approve by /), expect.stringMatching(/^sign by /)]));
      const fileName = `${letter.number.replace(/\//g, '-')} Permohonan Data Kunjungan Puskesmas.pdf`;
      expect(lines[lines.length - 1]).toBe(fileName);
      expect(readdirSync(cwd)).toEqual([fileName]);
      expect(readFileSync(join(cwd, fileName)).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('npm run example:simpadu plays SIMPADU against the demo city, webhooks and signed PDF included', async () => {
    const { stdout } = await run('npm', ['run', '--silent', 'example:simpadu'], { cwd: ROOT, env: { ...process.env, ESURAT_URL: t.baseUrl }, timeout: 240_000 });
    expect(stdout).toMatch(/^done: approval [0-9a-f-]{36} approved, 3 webhooks, signed PDF: true$/m);
    expect(stdout).toContain('[admin] registered http://127.0.0.1:');
  });

  it('npm start compiles nothing when no source changed since the last build', async () => {
    // The example above built dist/ when it was stale; now it is current.
    const started = Date.now();
    const { stdout } = await run(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.js')], { cwd: ROOT });
    expect(stdout).toContain('dist/ is current');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
