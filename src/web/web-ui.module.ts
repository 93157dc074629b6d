import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamicModule, Logger, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { Response } from 'express';
import { AppConfig } from '../config/app-config';

/**
 * The web UI's policy: scripts, styles, fonts and workers only from this server (no inline
 * script, no eval); images also as data:/blob: (a rendered PDF page, an attachment preview);
 * it calls only its own API.
 */
export const WEB_UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** WEB_ROOT's value for a server without the UI. */
export const WEB_UI_OFF = 'off';

/** The paths that belong to the server, never to the single-page app's fallback. */
export const SERVER_PATHS = ['/api/{*rest}', '/health', '/health/{*rest}', '/verify/{*rest}', '/pki/{*rest}'];

/** Vite names every asset by its content's hash, so a browser may keep one for a year. */
function setHeaders(res: Response, path: string): void {
  res.setHeader('Content-Security-Policy', WEB_UI_CSP);
  res.setHeader('Cache-Control', path.includes(`${join('assets', '')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
}

/** Serves the built web UI at `/` (index.html for every path the server does not own), when it has been built. */
@Module({})
export class WebUiModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (config.WEB_ROOT === WEB_UI_OFF) return { module: WebUiModule };
    const rootPath = resolve(config.WEB_ROOT);
    if (!existsSync(join(rootPath, 'index.html'))) {
      new Logger('WebUi').warn(`No web UI at ${rootPath}: run npm run build to serve it; the API works without it`);
      return { module: WebUiModule };
    }
    return {
      module: WebUiModule,
      imports: [ServeStaticModule.forRoot({ rootPath, exclude: SERVER_PATHS, serveStaticOptions: { index: false, setHeaders } })],
    };
  }
}
