import pino from 'pino';
import { QueryFailedError } from 'typeorm';
import { describeError, serializeError } from './safe-error';

/** A failed query as TypeORM throws it: pg's error, the statement and its values. */
function failedQuery(): QueryFailedError {
  const driverError = Object.assign(new Error('invalid input syntax for type uuid: "Rahasia-Subjek"'), {
    code: '22P02',
    detail: 'Key (subject)=(Rahasia-Subjek) already exists.',
    where: 'unnamed portal parameter $1 = \'Rahasia-Subjek\'',
    table: 'letter',
    constraint: 'uq_letter_subject',
  });
  return new QueryFailedError('INSERT INTO letter (subject, body) VALUES ($1, $2)', ['Rahasia-Subjek', '$argon2id$v=19$hash'], driverError);
}

describe('safe error serialization', () => {
  it('keeps the SQLSTATE, constraint, table and statement of a failed query, never its values or message', () => {
    const out = JSON.stringify(serializeError(failedQuery()));
    expect(JSON.parse(out)).toMatchObject({
      type: 'QueryFailedError',
      message: 'query failed (SQLSTATE 22P02, constraint uq_letter_subject)',
      code: '22P02',
      table: 'letter',
      constraint: 'uq_letter_subject',
      query: 'INSERT INTO letter (subject, body) VALUES ($1, $2)',
    });
    expect(out).not.toContain('Rahasia-Subjek');
    expect(out).not.toContain('argon2id');
  });

  it('does the same for a failed query wrapped as the cause of another error, and as pino-http hands it over', () => {
    const wrapped = new Error('Transition failed', { cause: failedQuery() });
    expect(JSON.stringify(serializeError(wrapped))).not.toContain('Rahasia-Subjek');
    const lines: string[] = [];
    const logger = pino({ serializers: { err: pino.stdSerializers.wrapErrorSerializer(serializeError as (e: unknown) => any) } }, { write: (l: string) => lines.push(l) });
    logger.error({ err: failedQuery() }, 'Unhandled error');
    expect(lines.join('')).toContain('SQLSTATE 22P02');
    expect(lines.join('')).not.toContain('Rahasia-Subjek');
  });

  it('leaves other errors as pino shows them, without the arguments of a Redis command', () => {
    const redis = Object.assign(new Error('WRONGTYPE Operation'), { command: { name: 'set', args: ['k', 'Rahasia'] } });
    expect(serializeError(redis)).toMatchObject({ type: 'Error', message: 'WRONGTYPE Operation' });
    expect(JSON.stringify(serializeError(redis))).not.toContain('Rahasia');
    expect(describeError(new Error('plain'))).toBe('plain');
    expect(describeError(failedQuery())).toBe('query failed (SQLSTATE 22P02, constraint uq_letter_subject)');
  });
});
