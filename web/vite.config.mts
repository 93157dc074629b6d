import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The web UI: a single-page app the Nest server serves at `/` (see src/web/web-ui.module.ts).
// `npm run dev:web` proxies the API to a server on port 3000 for quick work on the UI.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  // React's automatic JSX runtime, by Vite's own transformer: no plugin needed for a build.
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Pages load on demand; the first route carries only the shell, the router and the API client.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // React Router marks its modules "use client" for server components, which a browser bundle ignores.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000', '/health': 'http://localhost:3000' } },
});
