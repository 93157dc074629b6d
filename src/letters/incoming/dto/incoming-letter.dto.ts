import { LetterTextStatusDto } from '../../../archive/ocr/dto/letter-text.dto';
import { Sifat, Urgency } from '../../../records/letter.entity';
import { LetterParticipantDto } from '../../dto/letter-view.dto';

/** The agenda entry of a surat masuk. */
export class IncomingDetailsDto {
  /** Nomor agenda, e.g. `15/2026` (sequence per unit and year). */
  agendaNumber: string;
  agendaYear: number;
  agendaSequence: number;
  unitId: string;
  senderName: string;
  senderAddress: string | null;
  senderNumber: string;
  /** YYYY-MM-DD. */
  senderDate: string;
  receivedAt: Date;
  scanObjectId: string;
  /** The letter already on the agenda with the same sender number and date, when registered anyway. */
  duplicateOfLetterId: string | null;
  /** Where reading the scan's text stands (text layer or OCR: waiting, running, done, failed); null for scans registered before OCR. */
  scanText: LetterTextStatusDto | null;
}

/** A surat masuk as registered or read: the letter's facts and its agenda entry. */
export class IncomingLetterDto {
  id: string;
  subject: string;
  sifat: Sifat;
  urgency: Urgency;
  classificationCode: string | null;
  state: string;
  /** The state in the workflow's words (Diterima, Didisposisikan...). */
  stateLabel: string;
  version: number;
  participants: LetterParticipantDto[];
  incoming: IncomingDetailsDto;
}

/** One line of the list of incoming letters. */
export class IncomingListItemDto {
  id: string;
  agendaNumber: string;
  senderName: string;
  senderNumber: string;
  /** YYYY-MM-DD. */
  senderDate: string;
  receivedAt: Date;
  subject: string;
  sifat: Sifat;
  urgency: Urgency;
  state: string;
  stateLabel: string;
  /** Tujuan: the addressed position(s). */
  addressee: string | null;
  /** The caller has something to do on it (dispose or follow up). */
  needsAction: boolean;
  overdue: boolean;
  /** Registered although the same sender number and date was already on the agenda. */
  possibleDuplicate: boolean;
}

export class IncomingListDto {
  items: IncomingListItemDto[];
  total: number;
  page: number;
  limit: number;
}
