import { chunkClosure, firstRouteAssets } from './web.bench';

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
