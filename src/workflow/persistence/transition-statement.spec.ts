import { join } from 'node:path';
import { committedSql } from './queries/committed-sql';
import { part, sql } from './statement-parts';
import { LETTER, POSITION, sampleRows } from './testing/sample-transition';
import { CREATE_GATE, LETTER_ROW, transitionStatement } from './transition-statement';

const creation = { columns: { kind: 'outgoing', workflow_key: 'nota-dinas', workflow_definition_id: LETTER, route_plans: {}, subject: 'Hal', sifat: 'biasa', urgency: 'biasa', body: {} }, positions: { all: [POSITION], signers: [POSITION] } };

describe('transition statement', () => {
  it('is the SQL committed in queries/transition.sql', () => {
    const { expected, actual } = committedSql(join(__dirname, 'queries/transition.sql'), 'The transition statement (transition-statement.ts) as sent to PostgreSQL', {
      transition: transitionStatement(sampleRows(), []),
      'start of a new letter': transitionStatement(sampleRows({ versionIncrement: 0, expectedVersion: 1 }), [], creation),
    });
    expect(actual).toBe(expected);
  });

  it('numbers the parameters of every part in order, each value once', () => {
    const q = transitionStatement(sampleRows(), []);
    const numbers = [...q.sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect(q.parameters.length).toBe(numbers.length);
    expect(q.parameters[0]).toBe('review');
  });

  it('names the letter row once and has every write select from it', () => {
    const q = transitionStatement(sampleRows(), []);
    expect(q.sql.match(new RegExp(`\\b${LETTER_ROW} AS \\(`, 'g'))).toHaveLength(1);
    expect(q.sql).not.toContain(CREATE_GATE);
    for (const write of q.sql.split(/\n(?=[a-z_]+ AS \()/).slice(1)) {
      if (/^(work_items|letter_row) AS/.test(write)) continue;
      expect(write).toContain(LETTER_ROW);
    }
  });

  it("puts another module's parts after the transition's own, and ORs what they queue", () => {
    const q = transitionStatement(sampleRows(), [
      { parts: [part('extra_a', sql`SELECT 1 FROM ${sql.raw(LETTER_ROW)}`)], queuesWork: sql<boolean>`EXISTS (SELECT 1 FROM extra_a)` },
      { parts: [part('extra_b', sql`SELECT ${'x'}::text FROM ${sql.raw(LETTER_ROW)}`)], queuesWork: sql<boolean>`EXISTS (SELECT 1 FROM extra_b)` },
    ]);
    expect(q.sql.indexOf('extra_a AS')).toBeGreaterThan(q.sql.indexOf('notifications AS'));
    expect(q.sql.indexOf('extra_b AS')).toBeLessThan(q.sql.indexOf('audit AS'));
    expect(q.sql).toContain('EXISTS (SELECT 1 FROM extra_a) OR EXISTS (SELECT 1 FROM extra_b) AS relay_work');
    expect(q.parameters).toContain('x');
  });

  it('refuses two parts of one name', () => {
    expect(() => transitionStatement(sampleRows(), [{ parts: [part('history', sql`SELECT 1`)] }])).toThrow(/Two statement parts are named "history"/);
  });

  it('creates a letter only through the gate and the creator’s conditions, and always returns a row', () => {
    const q = transitionStatement(sampleRows({ versionIncrement: 0, expectedVersion: 1 }), [], {
      ...creation,
      before: [part('claim', sql`SELECT 1 AS k FROM ${sql.raw(CREATE_GATE)} WHERE ${sql.raw(CREATE_GATE)}.ok`)],
      requires: [sql<boolean>`EXISTS (SELECT 1 FROM claim)`],
    });
    expect(q.sql.indexOf('claim AS')).toBeLessThan(q.sql.indexOf(`${LETTER_ROW} AS`));
    expect(q.sql).toContain(`WHERE ${CREATE_GATE}.ok AND EXISTS (SELECT 1 FROM claim)`);
    expect(q.sql).toMatch(/FROM create_gate g LEFT JOIN letter_row ON true$/);
  });
});
