import { PdfDict, PdfRef, PdfStream, PdfValue, dictOf } from './pdf-objects';
import { PdfParser, PdfSyntaxError } from './pdf-parser';
import { XrefEntry, XrefSection, readXrefChain } from './pdf-xref';
import { decodeStream } from './stream-decoder';

interface ObjectStream {
  data: Uint8Array;
  first: number;
  offsets: number[];
}

const MAX_PAGE_TREE_DEPTH = 64;

/**
 * Random access to the objects of a PDF through its cross-reference chain,
 * parsing only the objects asked for. Works on any prefix of an incrementally
 * updated file too, which is how the verifier sees a signed revision.
 */
export class PdfReader {
  readonly sections: XrefSection[];
  readonly xref = new Map<number, XrefEntry>();
  readonly trailer: PdfDict;
  private readonly cache = new Map<number, PdfValue | undefined>();
  private readonly objectStreams = new Map<number, ObjectStream>();

  private constructor(readonly bytes: Uint8Array) {
    this.sections = readXrefChain(bytes);
    // Newest section first: the first definition of a number wins.
    for (const section of this.sections) {
      for (const [num, entry] of section.entries) if (!this.xref.has(num)) this.xref.set(num, entry);
    }
    this.trailer = this.sections[0].trailer;
  }

  static open(bytes: Uint8Array): PdfReader {
    return new PdfReader(bytes);
  }

  /** /Size of the newest trailer: the next free object number. */
  get size(): number {
    const size = this.trailer.get('Size');
    let highest = 0;
    for (const num of this.xref.keys()) if (num > highest) highest = num;
    return typeof size === 'number' ? Math.max(size, highest + 1) : highest + 1;
  }

  get isEncrypted(): boolean {
    return this.sections.some((s) => s.trailer.has('Encrypt'));
  }

  object(num: number): PdfValue | undefined {
    if (this.cache.has(num)) return this.cache.get(num);
    this.cache.set(num, undefined); // guards against /Length loops while parsing
    const value = this.load(num);
    this.cache.set(num, value);
    return value;
  }

  resolve(v: PdfValue | undefined): PdfValue | undefined {
    return v instanceof PdfRef ? this.object(v.num) : v;
  }

  dict(v: PdfValue | undefined): PdfDict | undefined {
    return dictOf(this.resolve(v));
  }

  /** Where an object's current definition lives; equal keys mean an unchanged object. */
  locationOf(num: number): string | undefined {
    const entry = this.xref.get(num);
    if (!entry || entry.kind === 'free') return undefined;
    if (entry.kind === 'offset') return `@${entry.offset}`;
    return `${this.locationOf(entry.stream)}#${entry.index}`;
  }

  rootRef(): PdfRef {
    const root = this.trailer.get('Root');
    if (!(root instanceof PdfRef)) throw new PdfSyntaxError('trailer has no /Root reference', this.sections[0].offset);
    return root;
  }

  catalog(): PdfDict {
    const catalog = this.dict(this.rootRef());
    if (!catalog) throw new PdfSyntaxError('document catalog is missing', this.sections[0].offset);
    return catalog;
  }

  /** References of all pages in order, walking the page tree. */
  pageRefs(): PdfRef[] {
    const pages: PdfRef[] = [];
    const root = this.catalog().get('Pages');
    if (!(root instanceof PdfRef)) throw new PdfSyntaxError('catalog has no page tree', 0);
    this.collectPages(root, pages, new Set(), 0);
    return pages;
  }

  /**
   * One page by index, descending the page tree by /Count so a signature on
   * page 1 of a 500-page scan does not parse all 500 page dictionaries.
   */
  pageRefAt(index: number): PdfRef | undefined {
    let node = this.catalog().get('Pages');
    let remaining = index;
    for (let depth = 0; depth <= MAX_PAGE_TREE_DEPTH && node instanceof PdfRef; depth++) {
      const dict = this.dict(node);
      const kids = this.resolve(dict?.get('Kids'));
      if (!dict || dict.nameOf('Type') === 'Page' || !Array.isArray(kids)) return remaining === 0 ? node : undefined;
      const next = this.kidHolding(kids, remaining);
      if (!next) return undefined;
      [node, remaining] = next;
    }
    return undefined;
  }

  private kidHolding(kids: PdfValue[], index: number): [PdfRef, number] | undefined {
    let remaining = index;
    for (const kid of kids) {
      if (!(kid instanceof PdfRef)) continue;
      const dict = this.dict(kid);
      const count = dict?.get('Count');
      const size = dict?.nameOf('Type') !== 'Page' && typeof count === 'number' ? count : 1;
      if (remaining < size) return [kid, remaining];
      remaining -= size;
    }
    return undefined;
  }

  private collectPages(ref: PdfRef, pages: PdfRef[], seen: Set<number>, depth: number): void {
    if (seen.has(ref.num) || depth > MAX_PAGE_TREE_DEPTH) throw new PdfSyntaxError('page tree has a cycle', 0);
    seen.add(ref.num);
    const node = this.dict(ref);
    if (!node) return;
    const kids = this.resolve(node.get('Kids'));
    if (node.nameOf('Type') === 'Page' || !Array.isArray(kids)) {
      pages.push(ref);
      return;
    }
    for (const kid of kids) if (kid instanceof PdfRef) this.collectPages(kid, pages, seen, depth + 1);
  }

  private load(num: number): PdfValue | undefined {
    const entry = this.xref.get(num);
    if (!entry || entry.kind === 'free') return undefined;
    if (entry.kind === 'compressed') return this.loadCompressed(entry.stream, entry.index);
    const parser = new PdfParser(this.bytes, entry.offset, (ref) => {
      const v = this.object(ref.num);
      return typeof v === 'number' ? v : undefined;
    });
    const obj = parser.parseIndirectObject();
    if (obj.num !== num) throw new PdfSyntaxError(`xref entry for object ${num} points at object ${obj.num}`, entry.offset);
    return obj.value;
  }

  private loadCompressed(streamNum: number, index: number): PdfValue | undefined {
    const stream = this.objectStream(streamNum);
    const offset = stream.offsets[index];
    if (offset === undefined) return undefined;
    return new PdfParser(stream.data, stream.first + offset).parseValue();
  }

  private objectStream(num: number): ObjectStream {
    const cached = this.objectStreams.get(num);
    if (cached) return cached;
    const stream = this.object(num);
    if (!(stream instanceof PdfStream)) throw new PdfSyntaxError(`object stream ${num} is missing`, 0);
    const data = decodeStream(stream);
    const n = stream.dict.get('N');
    const first = stream.dict.get('First');
    if (typeof n !== 'number' || typeof first !== 'number') throw new PdfSyntaxError(`object stream ${num} is malformed`, 0);
    const header = new PdfParser(data, 0);
    const offsets: number[] = [];
    for (let i = 0; i < n; i++) {
      header.readToken();
      offsets.push(Number(header.readToken()));
    }
    const parsed = { data, first, offsets };
    this.objectStreams.set(num, parsed);
    return parsed;
  }
}
