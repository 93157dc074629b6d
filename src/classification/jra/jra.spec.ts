import { readFileSync } from 'node:fs';
import { ClassificationCodes, parseClassificationCodes } from '../classification-codes';
import { AppConfig } from '../../config/app-config';
import { FinalDisposition, parseJra, RetentionTrigger } from './jra';
import { JraSchedule } from './jra-schedule';

describe('Jadwal Retensi Arsip (config/jra.yaml)', () => {
  const codes = parseClassificationCodes("codes: [{ code: '800', name: Kepegawaian }, { code: '800.1', name: SDM }, { code: '800.1.4', name: Cuti }, { code: '900', name: Keuangan }]");
  const good = `version: 'v1'
schedule:
  - { code: '800', active: 2, inactive: 3, trigger: berkas_ditutup, disposition: musnah }
  - { code: '800.1.4', active: 1, note: Cuti tahunan }
  - { code: '900', active: 2, inactive: 8, trigger: diaudit, disposition: permanen }`;

  it('resolves every code, each field its own or the nearest ancestor’s, a note only on its own line', () => {
    const jra = parseJra(good, codes);
    expect(jra.version).toBe('v1');
    expect(jra.byCode.get('800.1')).toEqual({ activeYears: 2, inactiveYears: 3, trigger: RetentionTrigger.BerkasClosed, disposition: FinalDisposition.Destroy, note: null, definedAt: '800' });
    expect(jra.byCode.get('800.1.4')).toEqual({ activeYears: 1, inactiveYears: 3, trigger: RetentionTrigger.BerkasClosed, disposition: FinalDisposition.Destroy, note: 'Cuti tahunan', definedAt: '800.1.4' });
    expect(jra.byCode.get('900')).toMatchObject({ trigger: RetentionTrigger.Audited, disposition: FinalDisposition.Permanent });
    expect([...jra.explicit]).toEqual(['800', '800.1.4', '900']);
  });

  it('loads the shipped schedule against the shipped classification list, every code resolved', () => {
    const config = { CLASSIFICATION_CONFIG: 'config/classification.yaml', JRA_CONFIG: 'config/jra.yaml' } as AppConfig;
    const list = new ClassificationCodes(config);
    const jra = new JraSchedule(config, list);
    expect(jra.version).toMatch(/Permendagri 83\/2022/);
    for (const c of list.list) expect(jra.retention(c.code)).toBeDefined();
    // SP2D: 2 years from the Perda on the APBD's accountability (after the audit) + 5, musnah; the annual report is kept.
    expect(jra.retention('900.1.3.1')).toMatchObject({ activeYears: 2, inactiveYears: 5, trigger: 'diaudit', disposition: 'musnah', definedAt: '900.1.3.1' });
    expect(jra.retention('900.1.3.10')).toMatchObject({ activeYears: 2, inactiveYears: 5, trigger: 'diaudit', disposition: 'permanen' });
    // Their parent, whose sub-codes differ: the longest retention among them, to be appraised.
    expect(jra.retention('900.1.3')).toMatchObject({ activeYears: 2, inactiveYears: 5, disposition: 'dinilai_kembali', definedAt: '900.1.3' });
    expect(jra.retention('800.1.11.4')).toMatchObject({ activeYears: 1, inactiveYears: 1, trigger: 'kegiatan_dipertanggungjawabkan', disposition: 'musnah' });
    expect(jra.retention('000.5.6.2')).toMatchObject({ activeYears: 1, inactiveYears: 1, disposition: 'permanen' });
    // 100.3.3 (Keputusan) has no line: it takes 100.3 (Hukum), whose sub-codes differ the same way.
    expect(jra.retention('100.3.3')).toMatchObject({ definedAt: '100.3', disposition: 'dinilai_kembali' });
    expect(jra.retention('100.3.3.3')).toMatchObject({ definedAt: '100.3.3.3', disposition: 'permanen' });
    expect(readFileSync('config/jra.yaml', 'utf8')).toContain('version:');
  });

  it('refuses a bad schedule with a message naming the place', () => {
    const bad = (text: string) => () => parseJra(text, codes, 'jra.yaml');
    expect(bad('schedule: []')).toThrow(/jra.yaml: "version" must be a string/);
    expect(bad("version: v1\nschedule: []")).toThrow(/"schedule" must be a non-empty list/);
    expect(bad("version: v1\nschedule: [{ code: '999', active: 1 }]")).toThrow(/schedule\[0\].code 999 is not in the classification list/);
    expect(bad("version: v1\nschedule: [{ code: 800, active: 1 }]")).toThrow(/quoted classification code/);
    expect(bad(good.replace('active: 1, note', 'active: -1, note'))).toThrow(/schedule\[1\].active must be a whole number/);
    expect(bad(good.replace('active: 1, note', 'active: 1.5, note'))).toThrow(/whole number/);
    expect(bad(good.replace('trigger: diaudit', 'trigger: selesai'))).toThrow(/schedule\[2\].trigger must be one of dibuat, berkas_ditutup/);
    expect(bad(good.replace('disposition: permanen', 'disposition: simpan'))).toThrow(/disposition must be one of musnah, permanen, dinilai_kembali/);
    expect(bad(good.replace('note: Cuti tahunan', 'retensi: 3'))).toThrow(/unknown field\(s\) retensi/);
    expect(bad(good + "\n  - { code: '800', active: 1 }")).toThrow(/code 800 appears twice/);
    // 900 without a trigger, and no ancestor to inherit one from.
    expect(bad(good.replace('trigger: diaudit, ', ''))).toThrow(/code 900 has no trigger/);
  });

  it('refuses to start on a bad file (the provider throws at construction)', () => {
    const config = { CLASSIFICATION_CONFIG: 'config/classification.yaml', JRA_CONFIG: 'config/numbering.yaml' } as AppConfig;
    expect(() => new JraSchedule(config, new ClassificationCodes(config))).toThrow(/config\/numbering.yaml: "version" must be|"schedule" must be/);
  });
});
