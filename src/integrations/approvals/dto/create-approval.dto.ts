import { Type } from 'class-transformer';
import { RouteStepDto } from '../../../letters/dto/create-letter.dto';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBase64,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';

/** One step of approvers: all of them, any one, or N of the M (a parallel group). Steps run in order. */
export class ApproverStepDto extends RouteStepDto {}

export class CreateApprovalDto {
  /** The module's own reference (e.g. the permit application number); used to list and match. */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/^[\x20-\x7e]+$/, { message: 'reference must be printable ASCII' })
  reference: string;

  /** Shown to officials as the subject. */
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  title: string;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  /** A workflow file marked `usableByModules`; `approval-basic` when left out. */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{1,63}$/)
  workflow?: string;

  /** The approvers, step by step. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ApproverStepDto)
  approvers: ApproverStepDto[];

  /**
   * Who signs the PDF, in order, when one is attached. Left out: the approver of the last step,
   * when that step names a single position.
   */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  signerPositionIds?: string[];

  /** The PDF to sign, base64 (JSON requests); multipart requests send it as the `pdf` file instead. */
  @IsOptional()
  @IsString()
  @IsBase64()
  pdfBase64?: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  pdfFileName?: string;

  /** Anything the module wants back in GET /approvals/:id (JSON, at most APPROVAL_METADATA_MAX_BYTES). */
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;

  /** Where webhooks go: one of the URLs registered for the module. */
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  callbackUrl?: string;
}

export class CancelApprovalDto {
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}
