import { parse } from 'yaml';
import type { ClassificationCode } from '../classification-codes';

// The enums live with the berkas record that stores them; re-exported for the JRA's readers.
export {
  EVENT_TRIGGERS,
  FINAL_DISPOSITION_LABEL,
  FinalDisposition,
  RETENTION_TRIGGER_LABEL,
  RetentionTrigger,
} from '../../records/retention.enums';
import { FinalDisposition, RetentionTrigger } from '../../records/retention.enums';

/** The retention of one classification code, every field resolved (its own or inherited). */
export interface Retention {
  activeYears: number;
  inactiveYears: number;
  trigger: RetentionTrigger;
  disposition: FinalDisposition;
  /** Keterangan printed beside the code, if the schedule gives one. */
  note: string | null;
  /** The code whose schedule line is nearest: the code itself when it has a line of its own. */
  definedAt: string;
}

export interface JraDocument {
  version: string;
  /** Every classification code with its resolved retention. */
  byCode: Map<string, Retention>;
  /** The codes that have a line of their own. */
  explicit: Set<string>;
}

type Line = Partial<Omit<Retention, 'definedAt'>>;
const FIELDS = ['activeYears', 'inactiveYears', 'trigger', 'disposition'] as const;
const YAML_KEYS = new Set(['code', 'active', 'inactive', 'trigger', 'disposition', 'note']);

/**
 * Parses the Jadwal Retensi Arsip (config/jra.yaml) against the classification list. Each field
 * absent from a code's line is inherited from the nearest ancestor that has it; every code of
 * the list must end up with all four, so start-up refuses a schedule with a hole, naming it.
 */
export function parseJra(text: string, codes: readonly ClassificationCode[], source = 'JRA config'): JraDocument {
  const doc = parse(text) as { version?: unknown; schedule?: unknown } | null;
  if (typeof doc?.version !== 'string' || doc.version.trim() === '' || doc.version.length > 64) {
    throw new Error(`${source}: "version" must be a string of 1-64 characters (quote it in YAML)`);
  }
  if (!Array.isArray(doc.schedule) || doc.schedule.length === 0) throw new Error(`${source}: "schedule" must be a non-empty list`);
  const known = new Set(codes.map((c) => c.code));
  const lines = new Map<string, Line>();
  doc.schedule.forEach((item: unknown, i: number) => {
    const at = `${source}: schedule[${i}]`;
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw new Error(`${at} must be a mapping`);
    const raw = item as Record<string, unknown>;
    const extra = Object.keys(raw).filter((k) => !YAML_KEYS.has(k));
    if (extra.length > 0) throw new Error(`${at} has unknown field(s) ${extra.join(', ')} (allowed: ${[...YAML_KEYS].join(', ')})`);
    if (typeof raw.code !== 'string') throw new Error(`${at}.code must be a quoted classification code such as '800.1.4'`);
    if (!known.has(raw.code)) throw new Error(`${at}.code ${raw.code} is not in the classification list`);
    if (lines.has(raw.code)) throw new Error(`${at}: code ${raw.code} appears twice`);
    const line: Line = {};
    for (const [key, field] of [['active', 'activeYears'], ['inactive', 'inactiveYears']] as const) {
      if (raw[key] === undefined) continue;
      if (typeof raw[key] !== 'number' || !Number.isInteger(raw[key]) || (raw[key] as number) < 0 || (raw[key] as number) > 100) {
        throw new Error(`${at}.${key} must be a whole number of years from 0 to 100`);
      }
      line[field] = raw[key] as number;
    }
    if (raw.trigger !== undefined) {
      if (!Object.values(RetentionTrigger).includes(raw.trigger as RetentionTrigger)) {
        throw new Error(`${at}.trigger must be one of ${Object.values(RetentionTrigger).join(', ')}`);
      }
      line.trigger = raw.trigger as RetentionTrigger;
    }
    if (raw.disposition !== undefined) {
      if (!Object.values(FinalDisposition).includes(raw.disposition as FinalDisposition)) {
        throw new Error(`${at}.disposition must be one of ${Object.values(FinalDisposition).join(', ')}`);
      }
      line.disposition = raw.disposition as FinalDisposition;
    }
    if (raw.note !== undefined) {
      if (typeof raw.note !== 'string' || raw.note.length > 300) throw new Error(`${at}.note must be text of at most 300 characters`);
      line.note = raw.note;
    }
    lines.set(raw.code, line);
  });

  const byCode = new Map<string, Retention>();
  // The classification list names parents before children, so a parent is resolved first.
  for (const c of codes) {
    const parent = c.parentCode ? byCode.get(c.parentCode) : undefined;
    const own = lines.get(c.code);
    const merged: Partial<Retention> = { ...parent, ...own, definedAt: own ? c.code : parent?.definedAt };
    // A keterangan belongs to its own line: an inherited note would describe another code.
    merged.note = own?.note ?? null;
    const missing = FIELDS.filter((f) => merged[f] === undefined);
    if (missing.length > 0) {
      throw new Error(`${source}: code ${c.code} has no ${missing.join(', ')} (give it, or one of its ancestors, a schedule line with them)`);
    }
    byCode.set(c.code, merged as Retention);
  }
  return { version: doc.version.trim(), byCode, explicit: new Set(lines.keys()) };
}
