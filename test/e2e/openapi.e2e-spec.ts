import { ModulesContainer } from '@nestjs/core';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { getMetadataStorage } from 'class-validator';
import { operationIdOf } from '../../src/openapi-document';
import { createTestApp, TestApp } from '../helpers/test-app';

interface QueryRoute {
  operationId: string;
  dto: string;
  properties: string[];
}

/**
 * Every handler that takes a whole query DTO (`@Query() q: SomeQuery`), found in the running
 * app's controllers, with the properties its validation accepts: what a client may send.
 */
function queryRoutes(t: TestApp): QueryRoute[] {
  const routes: QueryRoute[] = [];
  for (const module of t.app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype) continue;
      const prototype = metatype.prototype;
      for (const method of Object.getOwnPropertyNames(prototype)) {
        const args: Record<string, { index: number; data?: unknown }> = Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, method) ?? {};
        for (const [key, arg] of Object.entries(args)) {
          if (key.split(':')[0] !== String(RouteParamtypes.QUERY) || arg.data !== undefined) continue;
          const dto = Reflect.getMetadata('design:paramtypes', prototype, method)[arg.index];
          const properties = [...new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).map((m) => m.propertyName))];
          routes.push({ operationId: operationIdOf(metatype.name, method), dto: dto.name, properties });
        }
      }
    }
  }
  return routes;
}

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('lists every property of every query DTO as a query parameter of its operation', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    const operations = new Map<string, { parameters?: { in: string; name: string }[] }>();
    for (const path of Object.values<Record<string, any>>(doc.paths)) for (const op of Object.values<any>(path)) operations.set(op.operationId, op);

    const routes = queryRoutes(t);
    expect(routes.map((r) => r.dto)).toEqual(expect.arrayContaining(['ListQuery', 'InboxQuery', 'AgendaQuery']));
    for (const route of routes) {
      const op = operations.get(route.operationId);
      expect({ route: route.operationId, found: Boolean(op) }).toEqual({ route: route.operationId, found: true });
      const documented = (op!.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      expect({ route: route.operationId, dto: route.dto, missing: route.properties.filter((name) => !documented.includes(name)) }).toEqual({ route: route.operationId, dto: route.dto, missing: [] });
    }
  });

  it('documents the agenda query as the server reads it', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    const agenda = doc.paths['/api/v1/agenda'].get.parameters as { name: string; required: boolean; schema: { enum?: string[] } }[];
    const register = agenda.find((p) => p.name === 'register')!;
    expect(register).toMatchObject({ required: true, schema: { enum: ['incoming', 'outgoing'] } });
    expect(agenda.find((p) => p.name === 'format')).toMatchObject({ required: false, schema: { enum: ['json', 'csv'] } });
  });
});
