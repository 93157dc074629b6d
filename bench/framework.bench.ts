import { createServer, Server } from 'node:http';
import { CanActivate, Controller, ExecutionContext, Get, INestApplication, Injectable, Module, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import autocannon from 'autocannon';
import { BenchResult, round } from './bench-result';

const BODY = { kind: 'person', personId: '00000000-0000-4000-8000-000000000000', username: 'kadis.kominfo', roles: ['official'], positions: [], delegations: [] };

@Injectable()
class HeaderGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>();
    return typeof req.headers.authorization === 'string';
  }
}

@Controller('api/v1')
class MeController {
  @Get('me')
  @UseGuards(HeaderGuard)
  me(): typeof BODY {
    return BODY;
  }
}

@Module({ controllers: [MeController], providers: [HeaderGuard] })
class MeModule {}

async function load(url: string, seconds: number): Promise<autocannon.Result> {
  const result = await autocannon({ url, connections: 16, duration: seconds, headers: { authorization: 'Bearer x' } });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx + result.errors} failed requests`);
  return result;
}

async function listening(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/api/v1/me`;
}

/**
 * `framework.nest_express` and `framework.nest_fastify`: the same one-route Nest app (a guard,
 * a JSON body) on each HTTP platform, beside a bare node:http server answering the same bytes.
 * What the platform alone costs per request, before any of the app's middleware, for choosing
 * between them. All three run in this process, one at a time, as foundation.auth_me's baseline does.
 */
export async function runFrameworkBench(quick: boolean): Promise<BenchResult[]> {
  const seconds = quick ? 2 : 8;
  const body = JSON.stringify(BODY);
  const bare: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  const express = await NestFactory.create(MeModule, { logger: false });
  const fastify = await NestFactory.create(MeModule, new FastifyAdapter(), { logger: false });
  try {
    const urls = {
      bare: `http://127.0.0.1:${(bare.address() as { port: number }).port}/`,
      express: await listening(express),
      fastify: await listening(fastify),
    };
    for (const url of Object.values(urls)) await load(url, quick ? 1 : 2); // warm-up
    const base = await load(urls.bare, seconds);
    const results: BenchResult[] = [];
    for (const [name, url] of [['nest_express', urls.express], ['nest_fastify', urls.fastify]] as const) {
      const run = await load(url, seconds);
      results.push({
        name: `framework.${name}`,
        value: round(run.requests.average, 0),
        unit: 'req/s',
        baseline: { name: 'bare node:http, same body', value: round(base.requests.average, 0) },
        ratio: round(run.requests.average / base.requests.average, 3),
        p50_ms: run.latency.p50,
        p99_ms: run.latency.p99,
        extra: { baseline_p99_ms: base.latency.p99 },
      });
    }
    return results;
  } finally {
    await express.close();
    await fastify.close();
    bare.close();
  }
}
