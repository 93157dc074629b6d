import { PdfDict, PdfName, PdfRef, PdfValue } from '../pdf/syntax/pdf-objects';
import { PdfReader } from '../pdf/syntax/pdf-reader';
import { serializeObjectBody, serializeValue } from '../pdf/syntax/pdf-serializer';

export interface WrittenUpdate {
  /** The original bytes followed by the update. */
  bytes: Buffer;
  /** Absolute offset of each written object's body (just after "n g obj\n"). */
  bodyOffsets: Map<number, number>;
}

/** Trailer keys an update carries over so readers still find the document. */
const CARRIED_TRAILER_KEYS = ['Root', 'Info', 'ID'] as const;

/**
 * Appends an incremental update (ISO 32000-1 §7.5.6): new and replaced objects,
 * then a cross-reference section in the same format as the newest one (a
 * table, or a stream for files that use cross-reference streams), with /Prev
 * pointing at the previous section. The original bytes are never touched, so
 * earlier signatures stay valid.
 */
export class IncrementalUpdateWriter {
  private readonly objects = new Map<number, { gen: number; body: Buffer }>();
  private nextNumber: number;

  constructor(
    private readonly original: Uint8Array,
    private readonly reader: PdfReader,
  ) {
    this.nextNumber = reader.size;
  }

  allocate(): PdfRef {
    return new PdfRef(this.nextNumber++, 0);
  }

  /** Adds or replaces an object; a Buffer is taken as an already serialised body. */
  put(ref: PdfRef, value: PdfValue | Buffer): void {
    const body = Buffer.isBuffer(value) ? value : serializeObjectBody(value);
    this.objects.set(ref.num, { gen: ref.gen, body });
  }

  write(): WrittenUpdate {
    const parts: Buffer[] = [Buffer.from(this.original.buffer, this.original.byteOffset, this.original.length)];
    let offset = this.original.length;
    const push = (b: Buffer) => {
      parts.push(b);
      offset += b.length;
    };
    const last = this.original[this.original.length - 1];
    if (last !== 0x0a && last !== 0x0d) push(Buffer.from('\n'));

    const entries = new Map<number, { offset: number; gen: number }>();
    const bodyOffsets = new Map<number, number>();
    for (const num of [...this.objects.keys()].sort((a, b) => a - b)) {
      const { gen, body } = this.objects.get(num)!;
      entries.set(num, { offset, gen });
      const header = Buffer.from(`${num} ${gen} obj\n`, 'latin1');
      bodyOffsets.set(num, offset + header.length);
      push(Buffer.concat([header, body, Buffer.from('\nendobj\n', 'latin1')]));
    }

    const xrefOffset = offset;
    const useStream = this.reader.sections[0].format === 'stream';
    push(useStream ? this.xrefStream(entries, xrefOffset) : this.xrefTable(entries, xrefOffset));
    return { bytes: Buffer.concat(parts), bodyOffsets };
  }

  private trailerBase(size: number): PdfDict {
    const trailer = new PdfDict();
    trailer.set('Size', size);
    for (const key of CARRIED_TRAILER_KEYS) {
      const v = this.reader.trailer.get(key);
      if (v !== undefined) trailer.set(key, v);
    }
    trailer.set('Prev', this.reader.sections[0].offset);
    return trailer;
  }

  private xrefTable(entries: Map<number, { offset: number; gen: number }>, xrefOffset: number): Buffer {
    let out = 'xref\n';
    for (const run of runsOf([...entries.keys()])) {
      out += `${run.start} ${run.count}\n`;
      for (let num = run.start; num < run.start + run.count; num++) {
        const e = entries.get(num)!;
        out += `${String(e.offset).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n\r\n`;
      }
    }
    const trailer = this.trailerBase(this.nextNumber);
    out += `trailer\n${serializeValue(trailer)}\nstartxref\n${xrefOffset}\n%%EOF\n`;
    return Buffer.from(out, 'latin1');
  }

  private xrefStream(entries: Map<number, { offset: number; gen: number }>, xrefOffset: number): Buffer {
    const self = this.allocate();
    entries.set(self.num, { offset: xrefOffset, gen: 0 });
    const offsetWidth = Math.max(4, Math.ceil(Math.log2(xrefOffset + 1) / 8));
    const rowLength = 1 + offsetWidth + 2;
    const numbers = [...entries.keys()].sort((a, b) => a - b);
    const data = Buffer.alloc(numbers.length * rowLength);
    numbers.forEach((num, i) => {
      const e = entries.get(num)!;
      data[i * rowLength] = 1;
      data.writeUIntBE(e.offset, i * rowLength + 1, offsetWidth);
      data.writeUInt16BE(e.gen, i * rowLength + 1 + offsetWidth);
    });
    const dict = this.trailerBase(this.nextNumber)
      .set('Type', new PdfName('XRef'))
      .set('W', [1, offsetWidth, 2])
      .set('Index', runsOf(numbers).flatMap((r) => [r.start, r.count]))
      .set('Length', data.length);
    return Buffer.concat([
      Buffer.from(`${self.num} 0 obj\n${serializeValue(dict)}\nstream\n`, 'latin1'),
      data,
      Buffer.from(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`, 'latin1'),
    ]);
  }
}

function runsOf(sortedNumbers: number[]): { start: number; count: number }[] {
  const runs: { start: number; count: number }[] = [];
  for (const num of [...sortedNumbers].sort((a, b) => a - b)) {
    const run = runs[runs.length - 1];
    if (run && run.start + run.count === num) run.count++;
    else runs.push({ start: num, count: 1 });
  }
  return runs;
}
