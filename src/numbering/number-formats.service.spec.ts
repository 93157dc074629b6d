import { Logger } from '@nestjs/common';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service';
import { loadConfig } from '../config/app-config';
import type { WorkflowRegistry } from '../workflow/workflow-registry.service';
import { NumberFormatsService } from './number-formats.service';
import { NumberingConfigError } from './numbering.errors';

const SURAT_KELUAR_ONLY = `
formats:
  surat-keluar:
    types: [surat-keluar]
    pattern: "{klasifikasi}/{nomor}/{unit}/{tahun}"
    scope: [unit, year]
`;

/** A workflow as the registry holds it, with or without the assignNumber action. */
const workflow = (key: string, onEntry: string[]) => ({
  id: key,
  workflow: { key, definition: { states: { signed: { onEntry, onStep: [] } }, events: { sign: { actions: [] } } } },
});

const folders: string[] = [];

function startWith(yaml: string, workflows: ReturnType<typeof workflow>[] = []): NumberFormatsService {
  const folder = mkdtempSync(join(tmpdir(), 'esurat-numbering-'));
  folders.push(folder);
  const file = join(folder, 'numbering.yaml');
  writeFileSync(file, yaml);
  const registry = { all: () => workflows } as unknown as WorkflowRegistry;
  const service = new NumberFormatsService(loadConfig({ NUMBERING_CONFIG: file }), registry, {} as DataSource, {} as AuditService);
  service.onModuleInit();
  service.onApplicationBootstrap();
  return service;
}

describe('NumberFormatsService at start-up', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

  it('loads the file', () => {
    expect(startWith(SURAT_KELUAR_ONLY, [workflow('surat-keluar', ['assignNumber'])]).settings.formats.map((f) => f.key)).toEqual(['surat-keluar']);
  });

  it('refuses to start on an unknown token, naming the file and the token', () => {
    expect(() => startWith(SURAT_KELUAR_ONLY.replace('{unit}', '{satuan}'))).toThrow(/numbering\.yaml: formats\.surat-keluar: unknown token \{satuan\}/);
  });

  it('refuses to start without the file', () => {
    const service = new NumberFormatsService(loadConfig({ NUMBERING_CONFIG: '/tidak/ada/numbering.yaml' }), {} as WorkflowRegistry, {} as DataSource, {} as AuditService);
    expect(() => service.onModuleInit()).toThrow('/tidak/ada/numbering.yaml: cannot read the numbering configuration (ENOENT)');
  });

  it('refuses to start when a workflow that assigns numbers has no format', () => {
    const workflows = [workflow('surat-keluar', ['assignNumber']), workflow('nota-dinas', ['assignNumber', 'renderDocument']), workflow('surat-masuk', ['notify'])];
    let error: unknown;
    try {
      startWith(SURAT_KELUAR_ONLY, workflows);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NumberingConfigError);
    expect((error as NumberingConfigError).problems).toEqual([expect.stringMatching(/numbering\.yaml: no format numbers the letter type "nota-dinas", whose workflow assigns numbers/)]);
  });
});
