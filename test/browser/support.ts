import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/seeds/demo-city';

/** Debian's Chromium; never a downloaded browser build. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The network here is closed: background connections would stall a default Chromium. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 360, height: 740 },
} as const;
export type ViewportName = keyof typeof VIEWPORTS;

/**
 * Retries an assertion until it passes or the time is up (the page updates on its own time):
 * `await eventually(async () => expect(await rows.count()).toBe(3))`.
 */
export async function eventually<T>(assertion: () => Promise<T> | T, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await assertion();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/** A fresh context (its own cookies) at a viewport, with Indonesian as the browser's language and WIB as its zone. */
export async function newContext(browser: Browser, baseUrl: string, viewport: ViewportName = 'desktop'): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: VIEWPORTS[viewport],
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    isMobile: viewport === 'phone',
    hasTouch: viewport === 'phone',
    deviceScaleFactor: 1,
  });
  context.setDefaultTimeout(15_000);
  return context;
}

/** Logs a demo user in through the login form, as a person would, and waits to leave the form. */
export async function loginAs(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  // A page behind the login sends the browser to the form itself, with the way back in its address.
  if (page.url() === 'about:blank') await page.goto('/masuk');
  await page.waitForURL(/\/masuk/);
  await page.getByLabel(/Nama pengguna/).fill(username);
  await page.getByLabel(/Kata sandi/).fill(password);
  await page.getByRole('button', { name: /Masuk/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/masuk'));
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core on the page (WCAG 2.0/2.1/2.2 A and AA rules) and fails with every violation
 * listed. Evaluated through the DevTools protocol, so the page's CSP stays as it is.
 */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`) }));
  });
  if (violations.length > 0) throw new Error(`axe-core found ${violations.length} WCAG violation(s) on ${label}:\n${JSON.stringify(violations, null, 2)}`);
}

/**
 * Every visible control (buttons, links outside running text, fields) is at least 44 x 44 CSS
 * px (WCAG 2.5.5), as the phone journeys require. Returns nothing; throws with the offenders.
 */
export async function expectTapTargets(page: Page, label: string, min = 44): Promise<void> {
  const small = await page.evaluate((minSize) => {
    const selector = 'button, [role="button"], input:not([type="hidden"]), select, textarea, a[href]';
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(selector))) {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (box.width === 0 || box.height === 0 || style.visibility === 'hidden') continue;
      // A link inside a sentence is exempt (WCAG's inline exception); the checkbox's label is its target.
      if (el.tagName === 'A' && style.display === 'inline' && el.closest('p, li > span, td')) continue;
      if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
        const labelBox = el.closest('label')?.getBoundingClientRect();
        if (labelBox && labelBox.height >= minSize) continue;
      }
      if (box.width < minSize - 0.5 || box.height < minSize - 0.5) out.push(`${el.tagName.toLowerCase()} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}" ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
    return out;
  }, min);
  if (small.length > 0) throw new Error(`tap targets under ${min} px on ${label}:\n${small.join('\n')}`);
}

/** Where this run's screenshots go: test-results/screenshots/<spec file>/. */
export function screenshotDir(specFile: string): string {
  const dir = join(__dirname, '..', '..', 'test-results', 'screenshots', basename(specFile).replace(/\.browser-spec\.ts$/, ''));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A full-page screenshot named after the step and viewport. */
export async function screenshot(page: Page, specFile: string, name: string): Promise<string> {
  const viewport = page.viewportSize();
  const path = join(screenshotDir(specFile), `${name}-${viewport?.width ?? 0}x${viewport?.height ?? 0}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
