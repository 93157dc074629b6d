import { readFileSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { parse } from 'yaml';
import { AppConfig } from '../../config/app-config';

export interface DispositionInstruction {
  key: string;
  label: string;
}

const KEY = /^[a-z][a-z0-9_-]{0,39}$/;

/** Parses config/disposition.yaml; throws on a malformed list so start-up refuses it. */
export function parseDispositionInstructions(text: string, source = 'disposition config'): DispositionInstruction[] {
  const doc = parse(text) as { instructions?: unknown } | null;
  const list = doc?.instructions;
  if (!Array.isArray(list) || list.length === 0) throw new Error(`${source}: "instructions" must be a non-empty list`);
  const seen = new Set<string>();
  return list.map((item, i) => {
    const { key, label } = (item ?? {}) as { key?: unknown; label?: unknown };
    if (typeof key !== 'string' || !KEY.test(key)) throw new Error(`${source}: instructions[${i}].key must match ${KEY}`);
    if (typeof label !== 'string' || label.trim().length === 0 || label.length > 100) throw new Error(`${source}: instructions[${i}].label must be 1-100 characters`);
    if (seen.has(key)) throw new Error(`${source}: instruction key "${key}" appears twice`);
    seen.add(key);
    return { key, label: label.trim() };
  });
}

/** The deployment's list of disposition instructions (checkboxes), read once at start-up. */
@Injectable()
export class DispositionInstructions {
  readonly list: DispositionInstruction[];

  constructor(config: AppConfig) {
    this.list = parseDispositionInstructions(readFileSync(config.DISPOSITION_CONFIG, 'utf8'), config.DISPOSITION_CONFIG);
  }

  label(key: string): string {
    return this.list.find((i) => i.key === key)?.label ?? key;
  }

  unknown(keys: string[]): string[] {
    return keys.filter((k) => !this.list.some((i) => i.key === k));
  }
}
