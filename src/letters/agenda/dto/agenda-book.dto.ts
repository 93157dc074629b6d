import { Sifat, Urgency } from '../../../records/letter.entity';

/** One line of the book: the incoming register fills the agenda and sender columns, the outgoing one the number and recipients. */
export class AgendaItemDto {
  letterId: string;
  subject: string;
  sifat: Sifat;
  sifatLabel: string;
  state: string;
  stateLabel: string;
  classificationCode: string | null;
  agendaNumber?: string;
  agendaSequence?: number;
  /** WIB, `YYYY-MM-DDTHH:MM:SS+07:00`. */
  receivedAt?: string;
  senderName?: string;
  senderNumber?: string;
  senderDate?: string;
  urgency?: Urgency;
  urgencyLabel?: string;
  addressee?: string | null;
  /** Registered although the same sender number and date was already on the agenda. */
  possibleDuplicate?: boolean;
  number?: string;
  date?: string;
  type?: string;
  typeLabel?: string;
  recipients?: string;
}

/** Buku agenda of a unit and period. */
export class AgendaBookDto {
  register: 'incoming' | 'outgoing';
  unitId: string;
  unitName: string;
  from: string;
  to: string;
  items: AgendaItemDto[];
}
