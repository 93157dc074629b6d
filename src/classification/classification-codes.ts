import { readFileSync } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { parse } from 'yaml';
import { AppConfig } from '../config/app-config';

export interface ClassificationCode {
  code: string;
  name: string;
  /** The code one level up; null for a primary code (000 … 900). */
  parentCode: string | null;
}

const CODE = /^\d{3}(\.\d{1,3}){0,4}$/;

/** Parses config/classification.yaml; throws on a malformed list so start-up refuses it. */
export function parseClassificationCodes(text: string, source = 'classification config'): ClassificationCode[] {
  const doc = parse(text) as { codes?: unknown } | null;
  const list = doc?.codes;
  if (!Array.isArray(list) || list.length === 0) throw new Error(`${source}: "codes" must be a non-empty list`);
  const seen = new Set<string>();
  return list.map((item, i) => {
    const { code, name } = (item ?? {}) as { code?: unknown; name?: unknown };
    if (typeof code !== 'string' || !CODE.test(code)) throw new Error(`${source}: codes[${i}].code must look like 000.8.3.3 (quote it in YAML)`);
    if (typeof name !== 'string' || name.trim().length === 0 || name.length > 200) throw new Error(`${source}: codes[${i}].name must be 1-200 characters`);
    if (seen.has(code)) throw new Error(`${source}: code ${code} appears twice`);
    const parentCode = code.includes('.') ? code.slice(0, code.lastIndexOf('.')) : null;
    if (parentCode && !seen.has(parentCode)) throw new Error(`${source}: code ${code} is listed before its parent ${parentCode}`);
    seen.add(code);
    return { code, name: name.trim(), parentCode };
  });
}

/** Lower case without diacritics or punctuation, for matching words the way people type them. */
const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}.]+/gu, ' ')
    .trim();

/** The deployment's kode klasifikasi arsip, read once at start-up. */
@Injectable()
export class ClassificationCodes {
  readonly list: ClassificationCode[];
  private readonly byCode: Map<string, ClassificationCode>;
  /** Each code with its own name and its ancestors' names, folded: "tata naskah" finds 000.8.3.3 under "organisasi dan tata laksana". */
  private readonly haystacks: string[];

  constructor(config: AppConfig) {
    this.list = parseClassificationCodes(readFileSync(config.CLASSIFICATION_CONFIG, 'utf8'), config.CLASSIFICATION_CONFIG);
    this.byCode = new Map(this.list.map((c) => [c.code, c]));
    this.haystacks = this.list.map((c) => fold(`${c.code} ${this.path(c).map((p) => p.name).join(' ')}`));
  }

  get(code: string): ClassificationCode | undefined {
    return this.byCode.get(code);
  }

  /** The code and its ancestors, primary first. */
  path(code: ClassificationCode): ClassificationCode[] {
    const out: ClassificationCode[] = [];
    for (let c: ClassificationCode | undefined = code; c; c = c.parentCode ? this.byCode.get(c.parentCode) : undefined) out.unshift(c);
    return out;
  }

  /**
   * Codes matching every word of `q` (a code prefix like "000.8" or words of the name or of a
   * parent's name), best first: a code that starts with the query, then a name that holds the
   * words, then by code. An empty query lists the primary and secondary codes.
   */
  search(q: string | undefined, limit: number): ClassificationCode[] {
    const words = fold(q ?? '').split(' ').filter(Boolean);
    if (words.length === 0) return this.list.filter((c) => c.code.split('.').length <= 2).slice(0, limit);
    const scored: { c: ClassificationCode; score: number }[] = [];
    this.list.forEach((c, i) => {
      const hay = this.haystacks[i];
      if (!words.every((w) => hay.includes(w))) return;
      const own = fold(c.name);
      const score = (c.code.startsWith(words[0]) ? 0 : 10) + (words.every((w) => own.includes(w)) ? 0 : 5) + c.code.split('.').length * 0.1;
      scored.push({ c, score });
    });
    return scored
      .sort((a, b) => a.score - b.score)
      .slice(0, limit)
      .map((s) => s.c);
  }
}
