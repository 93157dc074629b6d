import { LetterTemplateSet } from './letter-template.types';

/** Kop surat: the unit's letterhead. Each unit may have its own. */
export interface Letterhead {
  /** e.g. "PEMERINTAH KOTA PEKALONGAN". */
  governmentName: string;
  /** e.g. "DINAS KOMUNIKASI DAN INFORMATIKA"; absent on the head of region's own letters. */
  unitName?: string;
  /** e.g. ["Jalan Sriwijaya Nomor 44, Pekalongan 51111"]. */
  addressLines: string[];
  phone?: string;
  fax?: string;
  email?: string;
  website?: string;
  /** The unit's logo (lambang daerah); the template's default logo otherwise. */
  logoPng?: Uint8Array;
}

/** One signature block (blok tanda tangan). */
export interface SignerBlock {
  /** Jabatan of the person signing, e.g. "Kepala Dinas Komunikasi dan Informatika". */
  position: string;
  name: string;
  /** NIP, 18 digits; printed grouped after "NIP.". */
  nip?: string;
  /** Pangkat/golongan, e.g. "Pembina Utama Muda". */
  rank?: string;
  /** Plt. (position vacant) or Plh. (holder away): printed before the position. */
  actingAs?: 'plt' | 'plh';
  /** a.n. (atas nama) the superior; with `via`, also u.b. (untuk beliau) through that position. */
  onBehalfOf?: { superior: string; via?: string };
}

/** One line of an invitation's details table: "Hari/Tanggal : Senin, 23 November 2026". */
export interface EventDetail {
  label: string;
  value: string;
}

/** A ruled table printed by a template's `table` block (the berkas of a berita acara pemusnahan). */
export interface LetterTable {
  /** Header labels with each column's share of the text width (the shares add up to 1 or less). */
  columns: { label: string; width: number }[];
  /** Cells as plain text, one array per row, as many cells as columns. */
  rows: string[][];
}

/** Everything printed on a letter. All text is plain text; nothing is interpreted as markup. */
export interface LetterRenderInput {
  /** Template id = jenis naskah, e.g. "surat-dinas", "nota-dinas", "surat-undangan". */
  letterType: string;
  letterhead: Letterhead;
  /** Nomor surat; assigned at signing, so absent on drafts. */
  number?: string;
  /** Tanggal surat, "YYYY-MM-DD"; absent on drafts. */
  date?: string;
  /** Tempat: the city printed before the date. */
  place: string;
  /** Sifat: Biasa, Terbatas, Rahasia, Sangat Rahasia. */
  securityClass: string;
  /** Lampiran, e.g. "1 (satu) berkas"; "-" when absent. */
  attachments?: string;
  /** Hal (perihal). */
  subject: string;
  /** Yth.: recipients, one per line. */
  addressees: string[];
  /** Dari: the sender's position (nota dinas). */
  sender?: string;
  paragraphs: string[];
  eventDetails?: EventDetail[];
  /** Paragraphs after the event details (penutup). */
  closing?: string[];
  table?: LetterTable;
  signers: SignerBlock[];
  /** Tembusan. */
  carbonCopies?: string[];
  /** Code of the public verification page; required for a final render. */
  verificationCode?: string;
}

export type RenderMode = 'draft' | 'final';

export interface RenderOptions {
  templates: LetterTemplateSet;
  /**
   * draft: a "KONSEP" watermark, no QR code.
   * final: number, date, QR code and the electronic-signature footer, ready to sign.
   */
  mode: RenderMode;
  /** Base of the QR link, e.g. "https://surat.pekalongankota.go.id". Required for final. */
  publicUrl?: string;
  /** Named in the footer, e.g. "Balai Sertifikasi Elektronik (BSrE), BSSN". Required for final. */
  certificateIssuer?: string;
}

/** Where a signer's block left room for the signature (for a visible widget), in PDF points. */
export interface SignatureSlot {
  pageIndex: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RenderedLetter {
  pdf: Uint8Array;
  pageCount: number;
  /** One per signer, in input order. */
  signatureSlots: SignatureSlot[];
}
