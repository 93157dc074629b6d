import { ApiProperty } from '@nestjs/swagger';

/**
 * The body of every error the API answers (4xx and 5xx), as the global exception filter writes
 * it. Each operation's error answers narrow `code` to the codes it can carry.
 */
export class ErrorEnvelope {
  /** Stable UPPER_SNAKE code from the module's error enum; what a client branches on. */
  @ApiProperty({ example: 'LETTER_NOT_FOUND', pattern: '^[A-Z][A-Z0-9_]*$' })
  code!: string;

  /** For people (in English); may change between releases. */
  @ApiProperty({ example: 'Letter 6f1c2b9e-0d4a-4c7e-9a55-3e2f1d0c9b8a not found' })
  message!: string;

  /**
   * What the code is about, when it says more: the failing fields of VALIDATION_FAILED
   * (`[{ field, errors }]`), `retryAfterSeconds` of a 429 or 503 (also in Retry-After), ids.
   */
  @ApiProperty({ required: false, nullable: true, description: 'What the code is about, when it says more: the failing fields of VALIDATION_FAILED ([{ field, errors }]), retryAfterSeconds of a 429 or 503 (also in the Retry-After header), ids.' })
  details?: unknown;
}
