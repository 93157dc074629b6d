import type { LoadedWorkflow, WorkflowDefinition } from '../../records/workflow-definition.types';
import { canonicalJson, sha256Hex } from '../../common/canonical-json';

/** A checked definition with its canonical text and hash, as the registry stores it. */
export function toLoadedWorkflow(definition: WorkflowDefinition, source: string): LoadedWorkflow {
  const json = canonicalJson(definition);
  return { key: definition.key, version: definition.version, source, definition, canonicalJson: json, hash: sha256Hex(json) };
}
