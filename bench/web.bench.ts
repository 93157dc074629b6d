import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BenchResult, round } from './bench-result';
import { freePort, login, startBenchServer } from './bench-server';

/**
 * The web UI as a phone user meets it: the first route's JavaScript and CSS (gzip), and
 * Lighthouse's mobile performance and accessibility scores for the login page, the inbox and
 * the letter page, on the real server with the demo city. Targets from issue 14: first route
 * at most 200 KB gzip, performance at least 0.9, accessibility 1.0.
 */
const WEB_DIST = join(__dirname, '..', '..', 'web', 'dist');
const FIRST_ROUTE_TARGET_KB = 200;
const PERFORMANCE_TARGET = 0.9;
const ACCESSIBILITY_TARGET = 1;
const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function runWebBench(quick: boolean): Promise<BenchResult[]> {
  return [...firstRoute(), ...(await lighthouseScores(quick ? 1 : 3))];
}

/** The files index.html makes the browser fetch before the first page shows: entry script, its modulepreloads, stylesheets. */
export function firstRouteAssets(html: string): { js: string[]; css: string[] } {
  const attr = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}="([^"]+)"`))?.[1];
  const js: string[] = [];
  const css: string[] = [];
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/g)) {
    if (tag.startsWith('<script') && attr(tag, 'type') === 'module' && attr(tag, 'src')) js.push(attr(tag, 'src')!);
    const rel = attr(tag, 'rel');
    if (rel === 'modulepreload' && attr(tag, 'href')) js.push(attr(tag, 'href')!);
    if (rel === 'stylesheet' && attr(tag, 'href')) css.push(attr(tag, 'href')!);
  }
  return { js: [...new Set(js)], css: [...new Set(css)] };
}

function firstRoute(): BenchResult[] {
  const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  const { js, css } = firstRouteAssets(html);
  if (js.length === 0) throw new Error('web/dist/index.html names no entry script: build the web UI first');
  const kb = (files: string[]) => files.reduce((sum, f) => sum + gzipSync(readFileSync(join(WEB_DIST, f.replace(/^\//, ''))), { level: 9 }).length, 0) / 1024;
  const rawKb = (files: string[]) => files.reduce((sum, f) => sum + readFileSync(join(WEB_DIST, f.replace(/^\//, ''))).length, 0) / 1024;
  const jsKb = kb(js);
  const cssKb = kb(css);
  const target = { name: 'target_max_kb_gzip', value: FIRST_ROUTE_TARGET_KB };
  return [
    { name: 'web.first_route_js_kb_gzip', value: round(jsKb, 1), unit: 'KB', baseline: target, ratio: round(jsKb / FIRST_ROUTE_TARGET_KB, 2), extra: { files: js.length, raw_kb: round(rawKb(js), 1) } },
    { name: 'web.first_route_css_kb_gzip', value: round(cssKb, 1), unit: 'KB', extra: { files: css.length, raw_kb: round(rawKb(css), 1) } },
    { name: 'web.first_route_total_kb_gzip', value: round(jsKb + cssKb, 1), unit: 'KB', baseline: target, ratio: round((jsKb + cssKb) / FIRST_ROUTE_TARGET_KB, 2), extra: { meets_target: String(jsKb + cssKb <= FIRST_ROUTE_TARGET_KB) } },
  ];
}

// Lighthouse and chrome-launcher are ES modules; the compiled bench is CommonJS, whose import() TypeScript would turn into require().
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>;

/** Logs in as a browser does and returns the session cookie (`name=value`) for Lighthouse's requests. */
async function sessionCookie(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Demo#2026' }) });
  if (!res.ok) throw new Error(`browser login ${username}: ${res.status}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('esurat_session='));
  if (!cookie) throw new Error('no session cookie in the login answer');
  return cookie.split(';')[0];
}

/** A letter waiting for the reviewer's paraf: what the letter page shows a Kasi on a phone. */
async function letterToReview(url: string): Promise<string> {
  const staf = await login(url, 'staf.kominfo');
  const headers = { authorization: `Bearer ${staf}`, 'content-type': 'application/json' };
  const positions = (await (await fetch(`${url}/api/v1/positions`, { headers })).json()) as { id: string; code: string }[];
  const pos = (code: string) => positions.find((p) => p.code === code)!.id;
  const created = await fetch(`${url}/api/v1/letters`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      type: 'surat-keluar',
      subject: 'Permohonan Data Kunjungan Puskesmas',
      classificationCode: '000.8.3.3',
      urgency: 'segera',
      body: { paragraphs: ['Dengan hormat, kami mohon data kunjungan puskesmas tahun 2026.', 'Atas perhatian Saudara kami ucapkan terima kasih.'] },
      recipientPositionIds: [pos('KADIS-DINKES')],
      reviewers: [{ positionIds: [pos('KASI-APTIKA')] }],
      signers: [{ positionIds: [pos('KADIS-KOMINFO')] }],
    }),
  });
  if (created.status !== 201) throw new Error(`draft: ${created.status} ${await created.text()}`);
  const letter = (await created.json()) as { id: string; version: number };
  const submitted = await fetch(`${url}/api/v1/letters/${letter.id}/transitions`, { method: 'POST', headers, body: JSON.stringify({ event: 'submit', version: letter.version }) });
  if (!submitted.ok) throw new Error(`submit: ${submitted.status}`);
  return letter.id;
}

interface PageScores {
  performance: number;
  accessibility: number;
  /** Audits that lost points, for the report: why a score missed. */
  failing: string[];
  lcpMs: number;
  tbtMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function lighthouseScores(runs: number): Promise<BenchResult[]> {
  const server = await startBenchServer(await freePort());
  const { launch } = await importEsm('chrome-launcher');
  const { default: lighthouse } = await importEsm('lighthouse');
  const chrome = await launch({ chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', chromeFlags: CHROME_FLAGS, logLevel: 'silent' });
  try {
    const letterId = await letterToReview(server.url);
    const kasi = await sessionCookie(server.url, 'kasi.aptika');
    const pages: { key: string; path: string; cookie?: string }[] = [
      { key: 'login', path: '/masuk' },
      { key: 'inbox', path: '/kotak-masuk', cookie: kasi },
      { key: 'letter', path: `/surat/${letterId}`, cookie: kasi },
    ];
    const results: BenchResult[] = [];
    for (const page of pages) {
      const samples: PageScores[] = [];
      for (let i = 0; i < runs; i++) {
        let lhr: any;
        // A trace that came back without its navigation (NO_NAVSTART on a busy machine) asks for another run.
        for (let attempt = 1; ; attempt++) {
          const runnerResult = await lighthouse(`${server.url}${page.path}`, {
            port: chrome.port,
            output: 'json',
            logLevel: 'error',
            onlyCategories: ['performance', 'accessibility'],
            ...(page.cookie ? { extraHeaders: { Cookie: page.cookie } } : {}),
          });
          lhr = runnerResult.lhr;
          if (!lhr.runtimeError) break;
          if (attempt === 3) throw new Error(`lighthouse ${page.path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
        }
        const finalPath = new URL(lhr.finalDisplayedUrl ?? lhr.finalUrl).pathname;
        if (page.cookie && finalPath.startsWith('/masuk')) throw new Error(`lighthouse ${page.path}: the session cookie did not hold, the page went to ${finalPath}`);
        const failing = Object.values(lhr.categories)
          .flatMap((c: any) => c.auditRefs.filter((r: any) => r.weight > 0))
          .map((r: any) => lhr.audits[r.id])
          .filter((a: any) => a && a.score !== null && a.score < 0.9)
          .map((a: any) => `${a.id}=${a.score}`);
        samples.push({
          performance: lhr.categories.performance.score,
          accessibility: lhr.categories.accessibility.score,
          failing,
          lcpMs: lhr.audits['largest-contentful-paint'].numericValue,
          tbtMs: lhr.audits['total-blocking-time'].numericValue,
        });
      }
      const perf = median(samples.map((s) => s.performance));
      const a11y = median(samples.map((s) => s.accessibility));
      const failing = [...new Set(samples.flatMap((s) => s.failing))].join(',') || 'none';
      results.push(
        {
          name: `web.lighthouse_mobile_performance.${page.key}`,
          value: round(perf, 2),
          unit: 'score',
          baseline: { name: 'target_min', value: PERFORMANCE_TARGET },
          ratio: round(perf / PERFORMANCE_TARGET, 2),
          extra: { runs, lcp_ms: Math.round(median(samples.map((s) => s.lcpMs))), tbt_ms: Math.round(median(samples.map((s) => s.tbtMs))), below_0_9: failing },
        },
        {
          name: `web.lighthouse_mobile_accessibility.${page.key}`,
          value: round(a11y, 2),
          unit: 'score',
          baseline: { name: 'target_min', value: ACCESSIBILITY_TARGET },
          ratio: round(a11y / ACCESSIBILITY_TARGET, 2),
        },
      );
    }
    return results;
  } finally {
    await chrome.kill();
    await server.stop();
  }
}
