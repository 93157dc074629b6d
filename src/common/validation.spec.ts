import { Type } from 'class-transformer';
import { IsArray, IsInt, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';
import { createValidationPipe } from './validation';

class StepDto {
  @IsInt()
  n: number;

  @IsOptional()
  @IsInt({ each: true })
  weights?: number[];
}

class RouteDto {
  @IsInt()
  version: number;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => StepDto)
  steps: StepDto[];

  /** Free-form: big numbers are allowed here. */
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

const pipe = createValidationPipe();
const run = (value: unknown) => pipe.transform(value, { type: 'body', metatype: RouteDto });
const failure = async (value: unknown) => run(value).then(
  () => undefined,
  (err: { code: string; details: unknown }) => ({ code: err.code, details: err.details }),
);

describe('the validation pipe', () => {
  it('keeps every integer field, nested and `each` ones included, within 32 bits', async () => {
    expect(await failure({ version: 2147483648, steps: [] })).toEqual({
      code: 'NUMBER_OUT_OF_RANGE',
      details: [{ field: 'version', errors: ['version must be between -2147483648 and 2147483647'] }],
    });
    expect(await failure({ version: 1, steps: [{ n: 1 }, { n: -1e300 }] })).toEqual({
      code: 'NUMBER_OUT_OF_RANGE',
      details: [{ field: 'steps.1.n', errors: ['steps.1.n must be between -2147483648 and 2147483647'] }],
    });
    expect((await failure({ version: 1, steps: [{ n: 1, weights: [1, 2 ** 40] }] }))?.code).toBe('NUMBER_OUT_OF_RANGE');
  });

  it('lets in-range integers and free-form metadata through', async () => {
    const dto = (await run({ version: 2147483647, steps: [{ n: -2147483648, weights: [0] }], metadata: { amount: 5e12 } })) as RouteDto;
    expect(dto).toBeInstanceOf(RouteDto);
    expect(dto.steps[0]).toBeInstanceOf(StepDto);
    expect(dto.metadata).toEqual({ amount: 5e12 });
  });

  it('checks every string before the DTO does', async () => {
    expect((await failure({ version: 1, steps: [], metadata: { note: 'a\u0000' } }))?.code).toBe('INVALID_CHARACTER');
    await expect(pipe.transform('a\ud800', { type: 'param', metatype: String, data: 'id' })).rejects.toMatchObject({ code: 'INVALID_CHARACTER' });
  });

  it('applies a rule added to a class after the class was first validated', async () => {
    class LateDto {
      @IsOptional()
      @IsInt()
      n?: number;

      @IsOptional()
      label?: unknown;
    }
    const late = (value: unknown) => pipe.transform(value, { type: 'body', metatype: LateDto });
    await expect(late({ n: 1, label: 7 })).resolves.toEqual({ n: 1, label: 7 });
    IsString()(LateDto.prototype, 'label');
    await expect(late({ n: 1, label: 7 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('leaves custom parameters (the caller, the uploaded file) alone', async () => {
    const file = { buffer: Buffer.from('%PDF-\u0000') };
    expect(await pipe.transform(file, { type: 'custom' })).toBe(file);
  });
});
