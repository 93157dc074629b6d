import { readFileSync } from 'node:fs';
import { parseDispositionInstructions } from './disposition-instructions';

describe('parseDispositionInstructions', () => {
  it('reads the shipped list', () => {
    const list = parseDispositionInstructions(readFileSync('config/disposition.yaml', 'utf8'));
    expect(list.map((i) => i.label)).toEqual(expect.arrayContaining(['Tanggapi dan saran', 'Proses lebih lanjut', 'Koordinasikan', 'Untuk diketahui', 'Hadiri / wakili', 'Arsipkan']));
  });

  it('refuses an empty list, a bad key, a missing label and a repeated key', () => {
    expect(() => parseDispositionInstructions('instructions: []')).toThrow(/non-empty/);
    expect(() => parseDispositionInstructions('instructions: [{ key: "Bad Key", label: x }]')).toThrow(/key/);
    expect(() => parseDispositionInstructions('instructions: [{ key: a }]')).toThrow(/label/);
    expect(() => parseDispositionInstructions('instructions: [{ key: a, label: x }, { key: a, label: y }]')).toThrow(/twice/);
  });
});
