import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { CommonError } from './errors/app-error';
import { assertCleanInput, numberOutOfRange } from './input-limits';

/** Every integer the API takes lands in a PostgreSQL `integer` (or is compared with one). */
const INT4_MIN = -(2 ** 31);
const INT4_MAX = 2 ** 31 - 1;

function flatten(errors: ValidationError[], parent = ''): { field: string; errors: string[] }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, errors: Object.values(e.constraints) }] : [];
    return own.concat(flatten(e.children ?? [], field));
  });
}

type RuleStorage = ReturnType<typeof getMetadataStorage>;
type RuleLookup = RuleStorage['getTargetValidationMetadatas'];

/**
 * class-validator looks up a class's rules on every validation of every object, walking all the
 * classes it knows (every DTO of the app) for the class's parents. The rules are fixed once the
 * DTO modules are loaded, so each lookup is kept; a rule added later (a class declared
 * afterwards, a decorator applied by hand) drops them all.
 */
function keepRuleLookups(storage: RuleStorage): void {
  const kept = new Map<Function, Map<string, ReturnType<RuleLookup>>>();
  const lookUp: RuleLookup = storage.getTargetValidationMetadatas.bind(storage);
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\0${always}\0${strictGroups}\0${groups?.join('\0') ?? ''}`;
    let byOptions = kept.get(target);
    if (!byOptions) kept.set(target, (byOptions = new Map()));
    let rules = byOptions.get(key);
    if (!rules) byOptions.set(key, (rules = lookUp(target, schema, always, strictGroups, groups)));
    return rules;
  };
  const addRule = storage.addValidationMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    kept.clear();
    addRule(metadata);
  };
  const addSchema = storage.addValidationSchema.bind(storage);
  storage.addValidationSchema = (schema) => {
    kept.clear();
    addSchema(schema);
  };
}

keepRuleLookups(getMetadataStorage());

/** Properties of a DTO class declared `@IsInt()`, with whether the rule is `each` (an array of integers). */
const integerFields = new Map<Function, { property: string; each: boolean }[]>();

function integerFieldsOf(dto: Function): { property: string; each: boolean }[] {
  let fields = integerFields.get(dto);
  if (!fields) {
    fields = getMetadataStorage()
      .getTargetValidationMetadatas(dto, '', true, false)
      .filter((m) => m.name === 'isInt')
      .map((m) => ({ property: m.propertyName, each: m.each }));
    integerFields.set(dto, fields);
  }
  return fields;
}

function isDtoInstance(value: unknown): value is object {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto !== null && proto !== Object.prototype;
}

/**
 * `@IsInt()` accepts 1e300 and 2147483648; the database does not. One rule for every DTO,
 * nested ones included: an integer field holds a 32-bit integer. Free-form objects (metadata)
 * are plain objects, not DTO instances, and are left alone.
 */
function int4Violations(root: object): { field: string; errors: string[] }[] {
  const found: { field: string; errors: string[] }[] = [];
  const stack: { dto: object; path: string }[] = [{ dto: root, path: '' }];
  while (stack.length > 0) {
    const { dto, path } = stack.pop()!;
    const record = dto as Record<string, unknown>;
    for (const { property, each } of integerFieldsOf(dto.constructor)) {
      const value = record[property];
      const values = each && Array.isArray(value) ? value : [value];
      const field = path ? `${path}.${property}` : property;
      if (values.some((v) => typeof v === 'number' && (v < INT4_MIN || v > INT4_MAX))) {
        found.push({ field, errors: [`${field} must be between ${INT4_MIN} and ${INT4_MAX}`] });
      }
    }
    for (const [key, value] of Object.entries(record)) {
      const items = Array.isArray(value) ? value.map((v, i) => [`${key}.${i}`, v] as const) : [[key, value] as const];
      for (const [name, item] of items) if (isDtoInstance(item)) stack.push({ dto: item, path: path ? `${path}.${name}` : name });
    }
  }
  return found;
}

/**
 * The one ValidationPipe of the app: unknown fields refused, values transformed to their DTO
 * types. Before any DTO sees a body, query or route parameter, it is checked for what no field
 * may hold (too deep a nesting, NUL, lone surrogates, infinite numbers); after, every integer
 * field for its 32-bit range.
 */
export class AppValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    assertCleanInput(value, metadata.type);
    const result = await super.transform(value, metadata);
    if (isDtoInstance(result)) {
      const violations = int4Violations(result);
      if (violations.length > 0) throw numberOutOfRange(violations);
    }
    return result;
  }
}

export function createValidationPipe(): AppValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      return CommonError.validation(details.map((d) => `${d.field}: ${d.errors.join(', ')}`).join('; '), details);
    },
  });
}
