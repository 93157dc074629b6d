import { basename } from 'node:path';
import Ajv, { ErrorObject } from 'ajv';
import { Document, isMap, isNode, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import workflowSchema from '../../../workflows/schema/workflow.schema.json';
import { BUILT_IN_GUARD_NAMES } from '../engine/workflow-guards.registry';
import { WORKFLOW_ACTION_NAMES } from './workflow-actions.registry';
import { toLoadedWorkflow } from './loaded-workflow';
import type { KnownNames, LoadedWorkflow } from '../../records/workflow-definition.types';
import { normalizeWorkflowFile, WorkflowFile } from './workflow-normalizer';
import { checkWorkflowSemantics, formatPath } from './workflow-semantics.validator';

export const BUILT_IN_NAMES: KnownNames = { guards: BUILT_IN_GUARD_NAMES, actions: WORKFLOW_ACTION_NAMES };

export const WORKFLOW_FILE_EXTENSION = '.yaml';

const KEY_PATTERN = /^[a-z][a-z0-9-]*$/;

const validateSchema = new Ajv({ allErrors: true, verbose: true }).compile<WorkflowFile>(workflowSchema);

type Path = (string | number)[];

export interface ParsedWorkflowSource {
  /** Present only when there are no problems. */
  workflow?: LoadedWorkflow;
  /** Each as `<file>: <reason>`. */
  problems: string[];
}

/** Problems of one workflow file, each as `<file>: <reason>`; empty when the file is valid. */
export function validateWorkflowSource(fileName: string, text: string, known: KnownNames = BUILT_IN_NAMES): string[] {
  return parseWorkflowSource(fileName, text, known).problems;
}

/** Parses, checks against the JSON Schema, normalises and checks the meaning of one file. */
export function parseWorkflowSource(fileName: string, text: string, known: KnownNames = BUILT_IN_NAMES): ParsedWorkflowSource {
  const file = basename(fileName);
  const problem = (reason: string) => `${file}: ${reason}`;
  const key = file.endsWith(WORKFLOW_FILE_EXTENSION) ? file.slice(0, -WORKFLOW_FILE_EXTENSION.length) : file;
  if (!KEY_PATTERN.test(key)) {
    return { problems: [problem(`the file name must be kebab-case and end with ${WORKFLOW_FILE_EXTENSION} (e.g. surat-keluar.yaml)`)] };
  }

  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      problems: document.errors.map((error) => problem(`line ${lines.linePos(error.pos[0]).line}: YAML: ${error.message}`)),
    };
  }

  const locate = (path: Path) => withLine(lineOf(document, lines, path), path);
  const content: unknown = document.toJS();
  if (!validateSchema(content)) {
    return { problems: schemaMessages(validateSchema.errors ?? []).map(({ path, message }) => problem(`${locate(path)}schema: ${message}`)) };
  }

  const definition = normalizeWorkflowFile(key, content);
  const issues = checkWorkflowSemantics(definition, known);
  if (issues.length > 0) {
    return { problems: issues.map(({ path, message }) => problem(`${locate(path)}${message}`)) };
  }
  return { workflow: toLoadedWorkflow(definition, file), problems: [] };
}

/** `line 12: events.approve.to: ` — the prefix that tells the reader where to look. */
function withLine(line: number | undefined, path: Path): string {
  const where = formatPath(path);
  return `${line === undefined ? '' : `line ${line}: `}${where ? `${where}: ` : ''}`;
}

/** Line of the key (or list item) at `path`, or of the nearest parent that exists. */
function lineOf(document: Document, lines: LineCounter, path: Path): number | undefined {
  for (let depth = path.length; depth > 0; depth--) {
    const parent = depth === 1 ? document.contents : document.getIn(path.slice(0, depth - 1), true);
    const segment = path[depth - 1];
    let node: unknown;
    if (isMap(parent)) node = parent.items.find((pair) => isScalar(pair.key) && pair.key.value === segment)?.key;
    if (isSeq(parent) && typeof segment === 'number') node = parent.items[segment];
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Ajv errors as short sentences, without the noise of each failed `anyOf` alternative. */
function schemaMessages(errors: ErrorObject[]): { path: Path; message: string }[] {
  const alternatives = errors.filter((error) => error.keyword === 'anyOf').map((error) => `${error.schemaPath}/`);
  return errors
    .filter((error) => error.keyword !== 'propertyNames')
    .filter((error) => !alternatives.some((prefix) => error.schemaPath.startsWith(prefix)))
    .map((error) => {
      const path: Path = error.instancePath
        .split('/')
        .slice(1)
        .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
      return describeSchemaError(error, path);
    });
}

function describeSchemaError(error: ErrorObject, path: Path): { path: Path; message: string } {
  const params = error.params as Record<string, unknown>;
  if (error.propertyName !== undefined) {
    return { path: [...path, error.propertyName], message: `name "${error.propertyName}" must be lower_snake_case` };
  }
  switch (error.keyword) {
    case 'required':
      return { path, message: `missing key "${String(params.missingProperty)}"` };
    case 'additionalProperties':
      return { path: [...path, String(params.additionalProperty)], message: `unknown key "${String(params.additionalProperty)}"` };
    case 'enum':
      return { path, message: `must be one of: ${(params.allowedValues as unknown[]).join(', ')}` };
    case 'anyOf':
      return { path, message: `must be ${String((error.parentSchema as { description?: string }).description)}` };
    default:
      return { path, message: error.message ?? error.keyword };
  }
}
