import { readFile, readdir } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { DocumentError, DocumentErrorCode } from '../documents.errors';
import { FONT_FAMILIES, FontFamily } from './letter-fonts';
import {
  ColumnAlign,
  LETTER_FIELDS,
  LetterField,
  LetterTemplate,
  LetterTemplateSet,
  PAPER_SIZES,
  PaperSize,
  TemplateBlock,
} from './letter-template.types';

/**
 * Loads every templates/*.yaml (one per letter type; the file name is the id)
 * and checks it against LetterTemplate, so a designer's typo fails at start-up
 * with the file and field named, never in the middle of signing.
 */
export async function loadTemplates(dir: string): Promise<LetterTemplateSet> {
  const files = (await readdir(dir)).filter((f) => ['.yaml', '.yml'].includes(extname(f))).sort();
  const templates = new Map<string, LetterTemplate>();
  for (const file of files) {
    const path = join(dir, file);
    const template = await parseTemplate(await readFile(path, 'utf8'), path);
    templates.set(template.id, template);
  }
  return templates;
}

export async function parseTemplate(yamlText: string, path: string): Promise<LetterTemplate> {
  let doc: unknown;
  try {
    doc = parse(yamlText);
  } catch (e) {
    throw invalid(path, `is not valid YAML: ${(e as Error).message}`);
  }
  const t = new Checker(path, doc);
  const logoPath = t.optionalString('letterhead.defaultLogo');
  const template: LetterTemplate = {
    id: basename(path, extname(path)),
    name: t.string('name'),
    paper: t.oneOf('paper', Object.keys(PAPER_SIZES) as PaperSize[]),
    margins: {
      top: t.number('margins.top', 5, 60),
      right: t.number('margins.right', 5, 60),
      bottom: t.number('margins.bottom', 5, 60),
      left: t.number('margins.left', 5, 60),
    },
    font: {
      family: t.oneOf('font.family', FONT_FAMILIES as readonly FontFamily[]),
      size: t.number('font.size', 8, 16),
      lineHeight: t.number('font.lineHeight', 1, 2.5),
    },
    rightColumn: t.number('rightColumn', 0.3, 0.7),
    letterhead: {
      logoHeight: t.number('letterhead.logoHeight', 10, 40),
      governmentSize: t.number('letterhead.governmentSize', 8, 24),
      unitSize: t.number('letterhead.unitSize', 8, 24),
      addressSize: t.number('letterhead.addressSize', 6, 14),
      rule: t.oneOf('letterhead.rule', ['double', 'single', 'none'] as const),
      defaultLogoPng: logoPath ? await readLogo(path, logoPath) : undefined,
    },
    paragraph: {
      firstLineIndent: t.number('paragraph.firstLineIndent', 0, 30),
      spacing: t.number('paragraph.spacing', 0, 24),
      justify: t.boolean('paragraph.justify'),
    },
    blocks: t.list('blocks').map((_, i) => block(t, `blocks.${i}`)),
  };
  if (!template.blocks.some((b) => b.type === 'signatures')) throw invalid(path, 'has no signatures block');
  return template;
}

function block(t: Checker, at: string): TemplateBlock {
  const type = t.string(`${at}.type`);
  const align = () => t.oneOf<ColumnAlign>(`${at}.align`, ['left', 'right-column']);
  switch (type) {
    case 'letterhead':
    case 'rule':
    case 'paragraphs':
    case 'event-details':
    case 'closing':
    case 'signatures':
      return { type };
    case 'title':
      return { type, text: t.string(`${at}.text`), showNumber: t.boolean(`${at}.showNumber`) };
    case 'place-date':
      return { type, align: align() };
    case 'fields':
      return {
        type,
        rows: t.list(`${at}.rows`).map((_, i) => ({
          label: t.string(`${at}.rows.${i}.label`),
          field: t.oneOf<LetterField>(`${at}.rows.${i}.field`, LETTER_FIELDS),
        })),
      };
    case 'addressees':
      return {
        type,
        prefix: t.string(`${at}.prefix`),
        trailer: t.list(`${at}.trailer`).map((_, i) => t.string(`${at}.trailer.${i}`, true)),
        align: align(),
      };
    case 'carbon-copies':
      return { type, label: t.string(`${at}.label`) };
    case 'table':
      return { type, fontSize: t.number(`${at}.fontSize`, 6, 14) };
    case 'space':
      return { type, height: t.number(`${at}.height`, 0, 100) };
    default:
      throw invalid(t.path, `${at}.type "${type}" is not a known block`);
  }
}

async function readLogo(templatePath: string, logoPath: string): Promise<Uint8Array> {
  const file = resolve(dirname(templatePath), logoPath);
  try {
    return await readFile(file);
  } catch {
    throw invalid(templatePath, `letterhead.defaultLogo: cannot read ${file}`);
  }
}

function invalid(path: string, problem: string): DocumentError {
  return new DocumentError(DocumentErrorCode.TEMPLATE_INVALID, `Template ${path} ${problem}`, { path });
}

/** Reads dotted paths from the parsed YAML, failing with the path named. */
class Checker {
  constructor(
    readonly path: string,
    private readonly root: unknown,
  ) {}

  private get(at: string): unknown {
    return at.split('.').reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), this.root);
  }

  string(at: string, allowEmpty = false): string {
    const v = this.get(at);
    if (typeof v !== 'string' || (!allowEmpty && v.trim() === '')) throw invalid(this.path, `${at} must be a non-empty string`);
    return v;
  }

  optionalString(at: string): string | undefined {
    return this.get(at) === undefined ? undefined : this.string(at);
  }

  number(at: string, min: number, max: number): number {
    const v = this.get(at);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      throw invalid(this.path, `${at} must be a number from ${min} to ${max}`);
    }
    return v;
  }

  boolean(at: string): boolean {
    const v = this.get(at);
    if (typeof v !== 'boolean') throw invalid(this.path, `${at} must be true or false`);
    return v;
  }

  oneOf<T extends string>(at: string, allowed: readonly T[]): T {
    const v = this.get(at);
    if (!allowed.includes(v as T)) throw invalid(this.path, `${at} must be one of ${allowed.join(', ')}`);
    return v as T;
  }

  list(at: string): unknown[] {
    const v = this.get(at);
    if (!Array.isArray(v)) throw invalid(this.path, `${at} must be a list`);
    return v;
  }
}
