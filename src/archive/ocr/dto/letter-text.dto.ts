import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export enum LetterTextStatus {
  Waiting = 'waiting',
  Running = 'running',
  Done = 'done',
  Failed = 'failed',
}

export enum LetterTextSource {
  TextLayer = 'text-layer',
  Ocr = 'ocr',
  Corrected = 'corrected',
}

/** The searchable PDF/A that OCR made, stored beside the original (which stays byte-exact). */
export class SearchablePdfDto {
  objectId: string;
  /** Hex SHA-256 of the PDF/A's bytes. */
  sha256: string;
  size: number;
}

/** Where the text of one stored file of a letter stands (shown on the letter's files). */
export class LetterTextStatusDto {
  id: string;
  /** The stored file the text is of: the incoming scan or a PDF attachment (its original bytes). */
  objectId: string;
  /** The attachment it belongs to; null for the incoming letter's scan. */
  attachmentId: string | null;
  @ApiProperty({ enum: LetterTextStatus, enumName: 'LetterTextStatus' })
  status: LetterTextStatus;
  /** Where the text came from, once there is text: the PDF's own layer, OCR, or TU's correction of the OCR. */
  @ApiProperty({ enum: LetterTextSource, nullable: true })
  source: LetterTextSource | null;
  /** Why the text could not be read (status `failed`). */
  failureReason: string | null;
  pageCount: number | null;
  /** Mean tesseract word confidence over the OCR'd pages (0-100). */
  meanConfidence: number | null;
  /** Pages (from 1) whose OCR confidence is below OCR_LOW_CONFIDENCE, for TU to check. */
  lowConfidencePages: number[];
  /** OCR text with low-confidence pages that TU has not corrected yet. */
  needsReview: boolean;
  searchablePdf: SearchablePdfDto | null;
  correctedByPersonId: string | null;
  correctedAt: Date | null;
  updatedAt: Date;
}

/** The text of one stored file, for those who may see the letter. */
export class LetterTextDto extends LetterTextStatusDto {
  /** What search reads: the text layer, the OCR sidecar, or TU's correction. */
  text: string | null;
  /** The OCR text as tesseract read it, kept when TU corrects it. */
  ocrText: string | null;
}

/** TU's correction of OCR text: it replaces what search reads. */
export class CorrectLetterTextDto {
  @IsString()
  @MaxLength(500_000)
  text: string;
}
