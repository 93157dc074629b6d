import { applyDecorators, Type } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiExtraModels, getSchemaPath } from '@nestjs/swagger';

export interface ApiUploadOptions {
  /** The DTO of the form's other fields. */
  fields?: Type<unknown>;
  /** Whether the file must be sent (default true). */
  required?: boolean;
  /** The operation also takes the fields as a JSON body, without the file. */
  json?: boolean;
}

/**
 * Documents a multipart upload with its file field, which the Swagger plugin cannot see
 * (the upload interceptor takes the file, not a DTO): generated clients and the fuzz suite need its name.
 */
export function ApiUpload(file: string, options: ApiUploadOptions = {}): MethodDecorator {
  const fileSchema = {
    type: 'object' as const,
    properties: { [file]: { type: 'string' as const, format: 'binary', description: options.json ? 'Multipart requests only.' : undefined } },
    ...(options.required === false ? {} : { required: [file] }),
  };
  return applyDecorators(
    ApiConsumes(...(options.json ? ['application/json'] : []), 'multipart/form-data'),
    ...(options.fields ? [ApiExtraModels(options.fields)] : []),
    ApiBody({ schema: options.fields ? { allOf: [{ $ref: getSchemaPath(options.fields) }, fileSchema] } : fileSchema }),
  );
}
