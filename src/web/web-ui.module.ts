import { createReadStream, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import { DynamicModule, Inject, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
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

/** The fallback route: every GET (and HEAD) no other route answers. */
const FALLBACK = '/*';
const WEB_UI_ROOT = Symbol('WEB_UI_ROOT');

/** Vite names every asset by its content's hash, so a browser may keep one for a year. */
const cacheControl = (path: string): string => (path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');

/**
 * The paths that belong to the server, never to the single-page app's fallback (/api/*,
 * /health, /health/*, /verify/*, /pki/*): an unknown one is the API's JSON 404.
 */
const isServerPath = (path: string): boolean => /^\/(api|verify|pki)\/./i.test(path) || /^\/health(\/|$)/i.test(path);

/**
 * Registers the UI's files (each a route of its own, found when the server starts) and the
 * fallback (index.html for every other GET), in a scope of their own: only these responses
 * are gzipped and carry the UI's CSP and caching.
 */
@Injectable()
class WebUiRoutes implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(WEB_UI_ROOT) private readonly rootPath: string,
  ) {}

  onModuleInit(): void {
    // A worker process (createApplicationContext) has no HTTP server to serve the UI from.
    if (!this.adapterHost.httpAdapter) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const rootPath = this.rootPath;
    const indexFile = join(rootPath, 'index.html');
    void fastify.register(async (scope) => {
      await scope.register(fastifyCompress, { global: true, threshold: 1024 });
      await scope.register(fastifyStatic, { root: rootPath, index: false, wildcard: false, serve: true, cacheControl: false, etag: true, lastModified: true });
      // After the file's own headers (set just before its body): the UI's policy and caching.
      scope.addHook('onSend', (request, reply, payload, done) => {
        if (reply.statusCode < 400) {
          const path = request.url.split('?')[0];
          reply.header('Content-Security-Policy', WEB_UI_CSP);
          reply.header('Cache-Control', request.routeOptions.url === FALLBACK ? 'no-cache' : cacheControl(path));
        }
        done(null, payload);
      });
      scope.get(FALLBACK, (request, reply) => {
        const path = request.url.split('?')[0];
        if (isServerPath(path)) {
          reply.callNotFound();
          return reply;
        }
        return reply.type('text/html; charset=utf-8').send(createReadStream(indexFile));
      });
    });
  }
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
    return { module: WebUiModule, providers: [{ provide: WEB_UI_ROOT, useValue: rootPath }, WebUiRoutes] };
  }
}
