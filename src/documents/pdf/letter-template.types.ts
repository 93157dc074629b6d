import { FontFamily } from './letter-fonts';

/** Paper sizes in millimetres: A4, and F4/folio (215 × 330 mm) that many regional bodies use. */
export const PAPER_SIZES = { A4: [210, 297], F4: [215, 330] } as const;
export type PaperSize = keyof typeof PAPER_SIZES;

/** Fields of the render input a `fields` block can show. */
export const LETTER_FIELDS = ['number', 'date', 'securityClass', 'attachments', 'subject', 'addressees', 'sender'] as const;
export type LetterField = (typeof LETTER_FIELDS)[number];

export type ColumnAlign = 'left' | 'right-column';

/** A letter layout as data: what the designer edits in templates/*.yaml. Lengths in mm, sizes in pt. */
export interface LetterTemplate {
  id: string;
  name: string;
  paper: PaperSize;
  margins: { top: number; right: number; bottom: number; left: number };
  font: { family: FontFamily; size: number; lineHeight: number };
  /** Where the right column (place and date, signature block) starts, as a fraction of the text width. */
  rightColumn: number;
  letterhead: LetterheadStyle;
  paragraph: { firstLineIndent: number; spacing: number; justify: boolean };
  blocks: TemplateBlock[];
}

export interface LetterheadStyle {
  logoHeight: number;
  governmentSize: number;
  unitSize: number;
  addressSize: number;
  rule: 'double' | 'single' | 'none';
  /** Used when the unit has no logo of its own; loaded from the path given in the YAML. */
  defaultLogoPng?: Uint8Array;
}

export type TemplateBlock =
  | { type: 'letterhead' }
  | { type: 'title'; text: string; showNumber: boolean }
  | { type: 'place-date'; align: ColumnAlign }
  | { type: 'fields'; rows: { label: string; field: LetterField }[] }
  | { type: 'rule' }
  | { type: 'addressees'; prefix: string; trailer: string[]; align: ColumnAlign }
  | { type: 'paragraphs' }
  | { type: 'event-details' }
  | { type: 'closing' }
  /** The input's table (a berita acara's list of berkas): header row, then rows, ruled; column widths as fractions. */
  | { type: 'table'; fontSize: number }
  | { type: 'signatures' }
  | { type: 'carbon-copies'; label: string }
  | { type: 'space'; height: number };

/** All templates of a deployment, by id (= the letter type they render). */
export type LetterTemplateSet = ReadonlyMap<string, LetterTemplate>;
