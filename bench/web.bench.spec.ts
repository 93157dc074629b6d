import { chunkClosure, firstRouteAssets, routePage, staticImports } from './web.bench';

describe('firstRouteAssets', () => {
  it('finds the entry script, its modulepreloads and the stylesheets Vite writes into index.html', () => {
    const html = `<!doctype html><html lang="id"><head>
      <script type="module" crossorigin src="/assets/index-B1x.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/vendor-C2y.js">
      <link rel="modulepreload" crossorigin href="/assets/vendor-C2y.js">
      <link rel="stylesheet" crossorigin href="/assets/index-D3z.css">
      <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    </head><body><div id="root"></div></body></html>`;
    expect(firstRouteAssets(html)).toEqual({ js: ['/assets/index-B1x.js', '/assets/vendor-C2y.js'], css: ['/assets/index-D3z.css'] });
  });

  it('ignores classic scripts and other links', () => {
    expect(firstRouteAssets('<script src="/x.js"></script><link rel="preconnect" href="https://x">')).toEqual({ js: [], css: [] });
  });
});

describe('chunkClosure', () => {
  it('follows the static imports of a lazy chunk, once each, leaving out what the first route loaded', () => {
    const files: Record<string, string> = {
      'SearchPage-a.js': 'import{a}from"./index-x.js";import{t}from"./paths-b.js";import{w}from"./words-c.js";',
      'paths-b.js': 'import{a}from"./index-x.js";export const t=1;',
      'words-c.js': 'import{t}from"./paths-b.js";export const w=2;',
    };
    expect(chunkClosure('SearchPage-a.js', (f) => files[f], new Set(['index-x.js'])).sort()).toEqual(['SearchPage-a.js', 'paths-b.js', 'words-c.js']);
  });
});

describe('routePage', () => {
  const routes = `export const AgendaPage = lazy(() => import('../pages/agenda/AgendaPage'));
export const DashboardPage = lazy(() => import("../pages/dashboard/DashboardPage"));
export const paths = {
  agenda: '/agenda',
  dashboard: '/dasbor',
} as const;`;

  it('finds the module a page folder is loaded from and the path it lives at', () => {
    expect(routePage(routes, 'dashboard', 'dashboard')).toEqual({ module: 'DashboardPage', path: '/dasbor' });
  });

  it('answers undefined for a page the app does not have yet', () => {
    expect(routePage(routes, 'search', 'search')).toBeUndefined();
  });
});

describe('staticImports', () => {
  it('lists the chunks a Vite chunk imports statically, not its dynamic imports', () => {
    const code = `import{a as e,b as t}from"./index-np6kXEMB.js";import"./vendor-C2y.js";const r=()=>import("./pdf-BYeP2YV_.js");export{e as default};`;
    expect(staticImports(code)).toEqual(['index-np6kXEMB.js', 'vendor-C2y.js']);
  });
});
