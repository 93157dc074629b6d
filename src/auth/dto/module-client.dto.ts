import { ArrayUnique, IsArray, IsDateString, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { KNOWN_SCOPES } from '../api-keys.service';

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

