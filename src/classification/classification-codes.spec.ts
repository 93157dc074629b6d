import { readFileSync } from 'node:fs';
import { AppConfig } from '../config/app-config';
import { ClassificationCodes, parseClassificationCodes } from './classification-codes';

describe('kode klasifikasi arsip (config/classification.yaml)', () => {
  const codes = new ClassificationCodes({ CLASSIFICATION_CONFIG: 'config/classification.yaml' } as AppConfig);

  it('holds the ten primary codes of Permendagri 83/2022, each code under its parent', () => {
    const list = parseClassificationCodes(readFileSync('config/classification.yaml', 'utf8'));
    expect(list.filter((c) => c.parentCode === null).map((c) => c.code)).toEqual(['000', '100', '200', '300', '400', '500', '600', '700', '800', '900']);
    for (const c of list) if (c.parentCode) expect(list.some((p) => p.code === c.parentCode)).toBe(true);
    expect(codes.get('000.8.3.3')?.name).toBe('Standar Operasional Prosedur');
    expect(codes.get('999')).toBeUndefined();
  });

  it('finds codes by code prefix, by words of the name or a parent, ignoring case and accents; own-name matches first', () => {
    expect(codes.search('000.8.3', 10).map((c) => c.code)).toEqual(['000.8.3', '000.8.3.1', '000.8.3.2', '000.8.3.3', '000.8.3.4']);
    expect(codes.search('standar OPERASIONAL', 5)[0].code).toBe('000.8.3.3');
    expect(codes.search('perjalanan dinas pegawai', 5).map((c) => c.code)).toEqual(['000.1.2.3', '000.1.3.3']);
    expect(codes.search('kepegawaian cuti', 10).map((c) => c.code)).toEqual(['800.1.11.2', '800.1.11.3', '800.1.11.4', '800.1.11.5', '800.1.11.6', '800.1.11.7']);
    expect(codes.search('keuangan', 3)[0].code).toBe('900');
    expect(codes.search('tidak ada kata ini', 5)).toEqual([]);
    expect(codes.search('', 100).every((c) => c.code.split('.').length <= 2)).toBe(true);
  });

  it('refuses a malformed list: bad code, duplicate, child before parent, missing name', () => {
    expect(() => parseClassificationCodes('codes: []')).toThrow(/non-empty/);
    expect(() => parseClassificationCodes("codes: [{ code: 'abc', name: X }]")).toThrow(/must look like/);
    expect(() => parseClassificationCodes("codes: [{ code: '000', name: A }, { code: '000', name: B }]")).toThrow(/twice/);
    expect(() => parseClassificationCodes("codes: [{ code: '000.1', name: A }, { code: '000', name: B }]")).toThrow(/before its parent/);
    expect(() => parseClassificationCodes("codes: [{ code: '000' }]")).toThrow(/name/);
    // Unquoted, YAML reads 000 as the number 0: refused, not silently turned into "0".
    expect(() => parseClassificationCodes('codes: [{ code: 000, name: Umum }]')).toThrow(/quote it/);
  });
});
