import { createHash } from 'node:crypto';
import type { LoadedWorkflow, WorkflowDefinition } from './workflow-definition.types';

/**
 * JSON with object keys sorted at every level and no whitespace, so the same definition
 * always gives the same text (and hash) whatever the key order or comments in the YAML.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function toLoadedWorkflow(definition: WorkflowDefinition, source: string): LoadedWorkflow {
  const json = canonicalJson(definition);
  return { key: definition.key, version: definition.version, source, definition, canonicalJson: json, hash: sha256Hex(json) };
}
