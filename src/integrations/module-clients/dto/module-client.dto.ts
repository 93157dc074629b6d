import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsDateString, IsIn, IsOptional, IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import { KNOWN_SCOPES } from '../../../auth/api-keys.service';

export class CreateModuleClientDto {
  /** Short lowercase name, e.g. `simpadu`. */
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{1,63}$/, { message: 'name must be lowercase letters, digits and dashes' })
  name: string;

  @IsOptional()
  @IsString()
  @MaxLength(300)
  description?: string;

  @IsArray()
  @ArrayUnique()
  @IsIn(KNOWN_SCOPES as unknown as string[], { each: true })
  scopes: string[];

  /** The callback URLs approval requests of this module may name (exact match). */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { each: true })
  @MaxLength(2000, { each: true })
  callbackUrls?: string[];
}

export class UpdateModuleClientDto {
  @IsOptional()
  @IsString()
  @MaxLength(300)
  description?: string;

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(KNOWN_SCOPES as unknown as string[], { each: true })
  scopes?: string[];

  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { each: true })
  @MaxLength(2000, { each: true })
  callbackUrls?: string[];

  /** An inactive module's keys are refused and its webhooks are not sent. */
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class IssueApiKeyDto {
  /** Subset of the module's scopes; all of them when left out. */
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(KNOWN_SCOPES as unknown as string[], { each: true })
  scopes?: string[];

  @IsOptional()
  @IsDateString()
  expiresAt?: string;
}

