/**
 * The parts of the letter API the draft form reads. GET /letters/:id, /history and /versions
 * answer with TypeScript interfaces on the server, which the OpenAPI document shows as plain
 * objects; these types name what the form relies on.
 */
export interface RouteStep {
  positionIds: string[];
  mode?: 'all' | 'any' | 'n_of_m';
  n?: number;
}

export interface LetterView {
  id: string;
  type: string;
  subject: string;
  sifat: string;
  urgency: string;
  classificationCode: string | null;
  state: string;
  stateLabel: string;
  version: number;
  revision: number;
  drafterPersonId: string | null;
  body: {
    paragraphs?: string[];
    lampiran?: string | null;
    externalRecipients?: { name: string; address?: string }[];
    signatureMark?: { kind: 'an' | 'ub'; onBehalfOfPositionId: string; viaPositionId?: string };
    /** Surat undangan: the event table and the closing paragraphs. */
    eventDetails?: { label: string; value: string }[];
    closing?: string[];
  };
  addressees: { recipients: { positionId: string; name: string }[]; tembusan: { positionId: string; name: string }[] };
  routes?: {
    reviewers?: { steps: { positionIds: string[]; mode?: string; n?: number }[] };
    signers?: { steps: { positionIds: string[]; mode?: string; n?: number }[] };
  };
  allowedEvents: { event: string; label: string; to: string; requiresNote: boolean }[];
}

export interface HistoryEntry {
  seq: number;
  event: string;
  from: string;
  to: string;
  actorLabel: string | null;
  actorName: string | null;
  comment: string | null;
  at: string;
}

export interface VersionEntry {
  number: number;
  createdByName: string | null;
  createdAt: string;
  content: { subject?: string };
}

export interface Attachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
}
