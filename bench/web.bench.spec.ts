import { firstRouteAssets } from './web.bench';

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
