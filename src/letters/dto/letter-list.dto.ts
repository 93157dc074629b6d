import { LetterKind, Sifat, Urgency } from '../../records/letter.entity';

/** One letter of GET /letters: what a list row shows. */
export class LetterListItemDto {
  id: string;
  kind: LetterKind;
  /** The workflow key, e.g. `surat-keluar`, `nota-dinas`. */
  type: string;
  /** The type's name in its workflow file, e.g. "Surat Dinas". */
  typeLabel: string;
  subject: string;
  sifat: Sifat;
  urgency: Urgency;
  /** Set once the letter is signed (or, for incoming letters, the sender's number). */
  number: string | null;
  state: string;
  /** The state's Indonesian label from the workflow file, e.g. "Menunggu tanda tangan". */
  stateLabel: string;
  done: boolean;
  overdue: boolean;
  version: number;
  /** When the number was given (signing), if it was. */
  numberedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A state that letters of the list (before the state filter) are in, with how many. */
export class LetterStateCountDto {
  state: string;
  label: string;
  count: number;
}

/** GET /letters: a page of the letters the caller may see, newest first. */
export class LetterListDto {
  items: LetterListItemDto[];
  /** Every letter matching the filters, across pages. */
  total: number;
  page: number;
  limit: number;
  /** The states of the letters matching every filter but `state`: the choices of a state filter. */
  states: LetterStateCountDto[];
}
