import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';

export interface DiscoveredHandler<K> {
  key: K;
  /** `Class.method`, for start-up messages. */
  where: string;
  handler: (...args: any[]) => unknown;
}

/** Every provider method marked with `metadataKey`, bound to its instance. */
export function discoverHandlers<K>(discovery: DiscoveryService, scanner: MetadataScanner, reflector: Reflector, metadataKey: string): DiscoveredHandler<K>[] {
  const found: DiscoveredHandler<K>[] = [];
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || typeof instance !== 'object') continue;
    const prototype = Object.getPrototypeOf(instance);
    if (!prototype) continue;
    for (const method of scanner.getAllMethodNames(prototype)) {
      const key = reflector.get<K | undefined>(metadataKey, prototype[method]);
      if (key === undefined) continue;
      found.push({ key, where: `${prototype.constructor.name}.${method}`, handler: (instance[method] as (...args: any[]) => unknown).bind(instance) });
    }
  }
  return found;
}

/** Problems when a required name has no handler or several, or a handler names an unknown key. */
export function checkHandlers<K>(found: DiscoveredHandler<K>[], required: readonly K[], what: string): string[] {
  const problems: string[] = [];
  for (const key of required) {
    const where = found.filter((f) => f.key === key).map((f) => f.where);
    if (where.length === 0) problems.push(`${what} "${String(key)}" has no handler`);
    if (where.length > 1) problems.push(`${what} "${String(key)}" has ${where.length} handlers: ${where.join(', ')}`);
  }
  for (const f of found) if (!required.includes(f.key)) problems.push(`${f.where} handles unknown ${what} "${String(f.key)}"`);
  return problems;
}
