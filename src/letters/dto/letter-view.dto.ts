import { LetterKind, Sifat, Urgency } from '../../records/letter.entity';

/** An event the caller may fire now, with the state it leads to and the position they would act as. */
export class AllowedEventDto {
  event: string;
  /** The workflow's Indonesian label ("Paraf", "Tanda tangani"). */
  label: string;
  to: string;
  requiresNote: boolean;
  asPositionId?: string;
  /** holder, plt or plh. */
  capacity?: string;
}

/** A position's part in the letter. */
export class LetterParticipantDto {
  positionId: string;
  /** drafter, reviewer, signer, recipient, tembusan; on an incoming letter addressee, disposition (a recipient of one), grant. */
  role: string;
}

/** A position a letter is addressed to, with its name (jabatan). */
export class LetterAddresseeDto {
  positionId: string;
  name: string;
}

export class LetterAddresseesDto {
  recipients: LetterAddresseeDto[];
  tembusan: LetterAddresseeDto[];
}

/** A file removed by a disposal list, with the SHA-256 it had. */
export class DestroyedObjectDto {
  objectId: string;
  /** document, attachment, scan or report. */
  kind: string;
  sha256: string;
  size: number;
}

/** On a letter whose contents a disposal list (usul musnah) destroyed: when, and the berita acara that records it. */
export class LetterDestructionDto {
  destroyedAt: Date;
  disposalListId: string;
  /** The usul-musnah letter whose signed document is the Berita Acara Pemusnahan. */
  beritaAcaraLetterId: string;
  beritaAcaraNumber: string | null;
  objects: DestroyedObjectDto[];
}

/** The public verification page of a signed letter (what its QR code opens). */
export class VerificationLinkDto {
  code: string;
  url: string;
}

/** The letter as GET /letters/:id answers: its facts, state, route and the events the caller may fire now. */
export class LetterViewDto {
  id: string;
  kind: LetterKind;
  type: string;
  subject: string;
  sifat: Sifat;
  urgency: Urgency;
  classificationCode: string | null;
  number: string | null;
  /** Tanggal surat: when the number was assigned (at the first signature). */
  numberedAt: Date | null;
  state: string;
  /** The state as its workflow names it in Indonesian ("Menunggu tanda tangan"). */
  stateLabel: string;
  done: boolean;
  overdue: boolean;
  version: number;
  revision: number;
  drafterPersonId: string | null;
  drafterPositionId: string | null;
  /** Template fields: paragraphs, lampiran, external recipients, signature mark. */
  body: Record<string, unknown>;
  participants: LetterParticipantDto[];
  /** Kepada (internal) and Tembusan, each in the order the drafter gave: the order they print in. */
  addressees: LetterAddresseesDto;
  /** The review and signing routes (steps, mode, who approved). */
  routes: object;
  /** Set while the letter is returned to its drafter. */
  returned?: object;
  /** The deadline of the current state, if any. */
  deadline?: object;
  verification?: VerificationLinkDto;
  /** Present once the letter's contents were destroyed (archive disposal); its metadata, number and hashes stay. */
  destruction?: LetterDestructionDto;
  allowedEvents: AllowedEventDto[];
  createdAt: Date;
  updatedAt: Date;
}

/** One transition of a letter: who (and as which position: holder, Plt, Plh), when, from, to, and the note. */
export class LetterHistoryEntryDto {
  seq: number;
  event: string;
  from: string | null;
  to: string;
  actorPersonId: string | null;
  actorName: string | null;
  actedAsPositionId: string | null;
  /** holder, plt or plh. */
  capacity: string | null;
  /** "Dewi Kartikasari (sekdis.kominfo) sebagai Plh. Kepala Dinas ...". */
  actorLabel: string;
  comment: string | null;
  revision: number;
  at: Date;
}
