import { deflateSync } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, pdfEquals } from './pdf-objects';
import { PdfParser, PdfSyntaxError } from './pdf-parser';
import { PdfReader } from './pdf-reader';
import { serializeValue } from './pdf-serializer';
import { decodeStream } from './stream-decoder';

const bytes = (s: string) => Buffer.from(s, 'latin1');

async function samplePdf(useObjectStreams: boolean, pages = 3): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) doc.addPage([300, 400]).drawText(`page ${i + 1}`, { x: 20, y: 300, font });
  return doc.save({ useObjectStreams });
}

/** A PDF from object bodies (object n is objects[n-1]), with a correct cross-reference table. */
function handMadePdf(objects: string[]): Buffer {
  let out = '%PDF-1.7\n';
  const offsets = objects.map((body, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f\r\n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n\r\n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return bytes(out);
}

describe('PdfParser', () => {
  it('parses every kind of object', () => {
    const v = new PdfParser(
      bytes('<< /Type /Page /N 12 /R -3.5 /Ref 7 0 R /A [1 2 0 R (x) <414 2>] /S (a\\(b\\)\\n\\101) /B true /Z null /Esc /A#20B >>'),
    ).parseValue() as PdfDict;
    expect(v.nameOf('Type')).toBe('Page');
    expect(v.get('N')).toBe(12);
    expect(v.get('R')).toBe(-3.5);
    expect(v.get('Ref')).toEqual(new PdfRef(7, 0));
    const arr = v.get('A') as unknown[];
    expect(arr[0]).toBe(1);
    expect(arr[1]).toEqual(new PdfRef(2, 0));
    expect((arr[2] as PdfString).text()).toBe('x');
    expect(Buffer.from((arr[3] as PdfString).bytes).toString('latin1')).toBe('AB');
    expect((v.get('S') as PdfString).text()).toBe('a(b)\nA');
    expect(v.get('B')).toBe(true);
    expect(v.get('Z')).toBeNull();
    expect(v.nameOf('Esc')).toBe('A B');
  });

  it('decodes UTF-16BE text strings', () => {
    expect(PdfString.fromText('Pekalongan – Jawa Tengah').text()).toBe('Pekalongan – Jawa Tengah');
  });

  it('reads a stream whose /Length is wrong by searching for endstream', () => {
    const obj = new PdfParser(bytes('5 0 obj\n<< /Length 3 >>\nstream\nhello world\nendstream\nendobj')).parseIndirectObject();
    expect(obj.num).toBe(5);
    expect(Buffer.from((obj.value as PdfStream).data).toString()).toBe('hello world');
  });

  it('reports garbage with its offset', () => {
    expect(() => new PdfParser(bytes('<< /A ) >>')).parseValue()).toThrow(PdfSyntaxError);
  });

  it('round-trips through the serializer', () => {
    const dict = new PdfParser(bytes('<< /Name /A#23B /Arr [1 0.25 (t) 3 0 R] /D << /X true >> >>')).parseValue();
    const again = new PdfParser(bytes(serializeValue(dict))).parseValue();
    expect(pdfEquals(dict, again)).toBe(true);
  });
});

describe('decodeStream', () => {
  it('undoes Flate with the PNG Up predictor as used by cross-reference streams', () => {
    const rows = [
      [1, 0, 10],
      [1, 0, 20],
    ];
    const encoded: number[] = [];
    rows.forEach((row, r) => {
      encoded.push(2); // PNG "Up"
      row.forEach((v, i) => encoded.push((v - (r > 0 ? rows[r - 1][i] : 0)) & 0xff));
    });
    const stream = new PdfStream(
      new PdfDict()
        .set('Filter', new PdfName('FlateDecode'))
        .set('DecodeParms', new PdfDict().set('Predictor', 12).set('Columns', 3)),
      deflateSync(Buffer.from(encoded)),
    );
    expect([...decodeStream(stream)]).toEqual([1, 0, 10, 1, 0, 20]);
  });
});

describe('PdfReader', () => {
  it.each([
    ['a cross-reference table', false],
    ['a cross-reference stream with object streams', true],
  ])('finds the catalog and pages of a file with %s', async (_, objectStreams) => {
    const pdf = await samplePdf(objectStreams);
    const reader = PdfReader.open(pdf);
    expect(reader.sections[0].format).toBe(objectStreams ? 'stream' : 'table');
    expect(reader.catalog().nameOf('Type')).toBe('Catalog');
    const pages = reader.pageRefs();
    expect(pages).toHaveLength(3);
    expect(reader.dict(pages[0])?.nameOf('Type')).toBe('Page');
    expect(reader.isEncrypted).toBe(false);
    expect(reader.size).toBeGreaterThan(pages[2].num);
  });

  it('follows /Prev through an incremental update, newest definition winning', async () => {
    const pdf = Buffer.from(await samplePdf(false, 1));
    const reader = PdfReader.open(pdf);
    const infoRef = reader.trailer.get('Info') as PdfRef;
    const update =
      `\n${infoRef.num} 0 obj\n<< /Title (Updated) >>\nendobj\n` +
      `xref\n${infoRef.num} 1\n${String(pdf.length + 1).padStart(10, '0')} 00000 n\r\n` +
      `trailer\n<< /Size ${reader.size} /Root ${reader.rootRef().key} /Info ${infoRef.key} /Prev ${reader.sections[0].offset} >>\n`;
    const xrefAt = pdf.length + update.indexOf('xref');
    const updated = Buffer.concat([pdf, bytes(`${update}startxref\n${xrefAt}\n%%EOF\n`)]);
    const after = PdfReader.open(updated);
    expect(after.sections).toHaveLength(2);
    expect((after.dict(infoRef)?.get('Title') as PdfString).text()).toBe('Updated');
    expect(after.locationOf(infoRef.num)).not.toBe(reader.locationOf(infoRef.num));
    expect(after.pageRefs()).toHaveLength(1);
  });

  it('finds a page by index in a nested page tree without walking it all', () => {
    const page = (parent: number) => `<< /Type /Page /Parent ${parent} 0 R /MediaBox [0 0 10 10] >>`;
    const pdf = handMadePdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R 6 0 R 7 0 R] /Count 5 >>',
      '<< /Type /Pages /Parent 2 0 R /Kids [4 0 R 5 0 R] /Count 2 >>',
      page(3),
      page(3),
      page(2),
      '<< /Type /Pages /Parent 2 0 R /Kids [8 0 R 9 0 R] /Count 2 >>',
      page(7),
      page(7),
    ]);
    const reader = PdfReader.open(pdf);
    const all = reader.pageRefs().map((r) => r.num);
    expect(all).toEqual([4, 5, 6, 8, 9]);
    expect([0, 1, 2, 3, 4].map((i) => reader.pageRefAt(i)?.num)).toEqual(all);
    expect(reader.pageRefAt(5)).toBeUndefined();
  });

  it('refuses a file without startxref', () => {
    expect(() => PdfReader.open(bytes('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'))).toThrow(/startxref/);
  });
});
