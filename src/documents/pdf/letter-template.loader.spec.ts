import { join } from 'node:path';
import { DocumentError, DocumentErrorCode } from '../documents.errors';
import { loadTemplates, parseTemplate } from './letter-template.loader';

const TEMPLATES_DIR = join(__dirname, '..', '..', '..', 'templates');

const MINIMAL = `
name: Minimal
paper: A4
margins: { top: 15, right: 20, bottom: 20, left: 25 }
font: { family: arimo, size: 12, lineHeight: 1.15 }
rightColumn: 0.5
letterhead: { logoHeight: 25, governmentSize: 14, unitSize: 16, addressSize: 10, rule: double }
paragraph: { firstLineIndent: 12.5, spacing: 6, justify: true }
blocks:
  - type: paragraphs
  - type: signatures
`;

describe('loadTemplates', () => {
  it('loads every shipped template, with the default logo', async () => {
    const templates = await loadTemplates(TEMPLATES_DIR);
    expect([...templates.keys()]).toEqual(expect.arrayContaining(['surat-dinas', 'nota-dinas', 'surat-undangan']));
    for (const t of templates.values()) {
      expect(t.blocks.some((b) => b.type === 'signatures')).toBe(true);
      expect(t.letterhead.defaultLogoPng?.subarray(1, 4).toString()).toBe('PNG');
    }
    expect(templates.get('surat-dinas')?.paper).toBe('F4');
  });

  it('accepts a minimal template and takes its id from the file name', async () => {
    const t = await parseTemplate(MINIMAL, '/x/edaran.yaml');
    expect(t.id).toBe('edaran');
    expect(t.blocks.map((b) => b.type)).toEqual(['paragraphs', 'signatures']);
  });

  it.each([
    ['an unknown paper', MINIMAL.replace('paper: A4', 'paper: Letter'), 'paper must be one of A4, F4'],
    ['an unknown font', MINIMAL.replace('family: arimo', 'family: comic'), 'font.family'],
    ['a size out of range', MINIMAL.replace('size: 12', 'size: 40'), 'font.size'],
    ['an unknown block', MINIMAL.replace('type: paragraphs', 'type: html'), 'blocks.0.type "html"'],
    ['no signature block', MINIMAL.replace('  - type: signatures\n', ''), 'no signatures block'],
    ['broken YAML', 'name: [unclosed', 'not valid YAML'],
  ])('refuses %s, naming the problem', async (_, yaml, message) => {
    const error = await parseTemplate(yaml, '/x/bad.yaml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentError);
    expect((error as DocumentError).code).toBe(DocumentErrorCode.TEMPLATE_INVALID);
    expect((error as DocumentError).message).toContain(message);
    expect((error as DocumentError).message).toContain('/x/bad.yaml');
  });
});
