import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BenchResult, round } from './bench-result';
import { freePort, login, startBenchServer } from './bench-server';

/**
 * The web UI as a phone user meets it: the first route's JavaScript and CSS (gzip), and
 * Lighthouse's mobile performance and accessibility scores for the login page, the inbox and
 * the letter page, on the real server with the demo city. Targets from issue 14: first route
 * at most 200 KB gzip, performance at least 0.9, accessibility 1.0. Issue 17 adds the search
 * page (Pencarian) and the dashboard (Dasbor): the JavaScript their route loads and their
 * Lighthouse mobile scores; a page the build does not have yet is reported as absent, not failed.
 */
const WEB_DIST = join(__dirname, '..', '..', 'web', 'dist');
const WEB_ROUTES = join(__dirname, '..', '..', 'web', 'src', 'app', 'routes.tsx');
const FIRST_ROUTE_TARGET_KB = 200;
const PERFORMANCE_TARGET = 0.9;
const ACCESSIBILITY_TARGET = 1;
const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The lazily loaded pages issue 17 measures: the folder under web/src/pages, the key of its path in `paths`, and who opens it. */
const ROUTE_PAGES = [
  { key: 'search', folder: 'search', pathKey: 'search', fallbackPath: '/pencarian', username: 'kasi.aptika' },
  { key: 'dashboard', folder: 'dashboard', pathKey: 'dashboard', fallbackPath: '/dasbor', username: 'walikota' },
] as const;

export async function runWebBench(quick: boolean): Promise<BenchResult[]> {
  const routes = ROUTE_PAGES.map((r) => ({ ...r, found: routePage(readFileSync(WEB_ROUTES, 'utf8'), r.folder, r.pathKey) }));
  return [...firstRoute(), ...searchPage(), ...routes.map((r) => routeJs(r.key, r.found?.module)), ...(await lighthouseScores(quick ? 1 : 3, routes))];
}

/**
 * Where routes.tsx loads a page from `pages/<folder>/` (its module's base name, which Vite names
 * the chunk after) and the path `paths.<pathKey>` it lives at; undefined while the page is not
 * in the app (the search page lands with another branch).
 */
export function routePage(routesSource: string, folder: string, pathKey: string): { module: string; path?: string } | undefined {
  const module = routesSource.match(new RegExp(`import\\(\\s*['"]\\.\\./pages/${folder}/([A-Za-z0-9_-]+)['"]\\s*\\)`))?.[1];
  if (!module) return undefined;
  const path = routesSource.match(new RegExp(`\\b${pathKey}:\\s*['"](/[^'"]*)['"]`))?.[1];
  return { module, path };
}

/** The chunks a chunk imports statically, as Vite writes them (`from"./x-hash.js"`, `import"./x-hash.js"`), file names relative to assets/. */
export function staticImports(code: string): string[] {
  return [...new Set([...code.matchAll(/(?:\bfrom\s*|\bimport\s*)["']\.\/([^"']+\.js)["']/g)].map((m) => m[1]))];
}

/**
 * The JavaScript (gzip) a phone fetches to show a page from a cold start: the first route's
 * files plus the page's chunk and every chunk it imports statically. Its baseline is the first
 * route alone, in the same build.
 */
function routeJs(key: string, module: string | undefined): BenchResult {
  const name = `web.route_js_kb_gzip.${key}`;
  const assets = join(WEB_DIST, 'assets');
  const chunk = module ? readdirSync(assets).find((f) => f.startsWith(`${module}-`) && f.endsWith('.js')) : undefined;
  if (!chunk) return { name, value: 0, unit: 'KB', extra: { absent: `no ${key} page in this build` } };
  const first = firstRouteAssets(readFileSync(join(WEB_DIST, 'index.html'), 'utf8')).js.map((f) => f.replace(/^\/(assets\/)?/, ''));
  const files = new Set(first);
  const pageFiles: string[] = [];
  const queue = [chunk];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (files.has(file)) continue;
    files.add(file);
    pageFiles.push(file);
    queue.push(...staticImports(readFileSync(join(assets, file), 'utf8')));
  }
  const gz = (list: string[]) => list.reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0) / 1024;
  const firstKb = gz(first);
  const totalKb = firstKb + gz(pageFiles);
  return {
    name,
    value: round(totalKb, 1),
    unit: 'KB',
    baseline: { name: 'web.first_route_js_kb_gzip', value: round(firstKb, 1) },
    ratio: round(totalKb / firstKb, 2),
    extra: { page_chunks: pageFiles.length, page_kb_gzip: round(totalKb - firstKb, 1), meets_target: String(totalKb <= FIRST_ROUTE_TARGET_KB) },
  };
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

/** The chunks a page's lazy chunk imports statically (Vite writes `from"./name-hash.js"`), itself included, outside `loaded`. */
export function chunkClosure(entry: string, read: (file: string) => string, loaded: ReadonlySet<string>): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || loaded.has(file)) return;
    seen.add(file);
    for (const [, next] of read(file).matchAll(/from\s*["']\.\/([^"']+\.js)["']/g)) visit(next);
  };
  visit(entry);
  return [...seen];
}

/** What opening Pencarian adds to the first route: its lazy chunk, the chunks it imports, and its stylesheet (gzip). */
function searchPage(): BenchResult[] {
  const assets = join(WEB_DIST, 'assets');
  const files = readdirSync(assets);
  const entry = files.find((f) => /^SearchPage-[\w-]+\.js$/.test(f));
  if (!entry) throw new Error('web/dist/assets has no SearchPage chunk: build the web UI first');
  const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  const first = new Set(firstRouteAssets(html).js.map((f) => f.replace(/^\/assets\//, '')));
  const js = chunkClosure(entry, (f) => readFileSync(join(assets, f), 'utf8'), first);
  const css = files.filter((f) => /^SearchPage-[\w-]+\.css$/.test(f));
  const kb = (list: string[]) => list.reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0) / 1024;
  const jsKb = kb(js);
  const firstKb = kb([...first]);
  // Beside the first route of the same build: what the search page costs on top of the shell.
  return [
    { name: 'web.search_page_js_kb_gzip', value: round(jsKb, 1), unit: 'KB', baseline: { name: 'first_route_js_kb_gzip', value: round(firstKb, 1) }, ratio: round(jsKb / firstKb, 2), extra: { files: js.length } },
    { name: 'web.search_page_css_kb_gzip', value: round(kb(css), 1), unit: 'KB', extra: { files: css.length } },
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

type MeasuredRoute = (typeof ROUTE_PAGES)[number] & { found?: { module: string; path?: string } };

async function lighthouseScores(runs: number, routes: MeasuredRoute[]): Promise<BenchResult[]> {
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
      { key: 'search', path: '/pencarian?q=permohonan', cookie: kasi },
    ];
    const results: BenchResult[] = [];
    for (const route of routes) {
      if (pages.some((p) => p.key === route.key)) continue;
      if (route.found) pages.push({ key: route.key, path: route.found.path ?? route.fallbackPath, cookie: route.username === 'kasi.aptika' ? kasi : await sessionCookie(server.url, route.username) });
      else for (const category of ['performance', 'accessibility']) results.push({ name: `web.lighthouse_mobile_${category}.${route.key}`, value: 0, unit: 'score', extra: { absent: `no ${route.key} page in this build` } });
    }
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
