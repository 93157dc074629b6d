import { createHash } from 'node:crypto';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfValue } from '../pdf/syntax/pdf-objects';
import { PdfReader } from '../pdf/syntax/pdf-reader';
import { decodeStream } from '../pdf/syntax/stream-decoder';
import { IncrementalUpdateWriter } from '../signing/incremental-update.writer';

/** Validation data of one signature (its /VRI entry) or of the whole document (/DSS arrays). */
export interface ValidationData {
  certs: Buffer[];
  ocsps: Buffer[];
  crls: Buffer[];
}

export interface DssContents extends ValidationData {
  /** Per signature: upper-case hex SHA-1 of its /Contents bytes, as /VRI keys name them. */
  vri: Map<string, ValidationData>;
}

type Kind = keyof ValidationData;
const KEYS: Record<Kind, string> = { certs: 'Certs', ocsps: 'OCSPs', crls: 'CRLs' };
const VRI_KEYS: Record<Kind, string> = { certs: 'Cert', ocsps: 'OCSP', crls: 'CRL' };

/** The /VRI key of a signature: SHA-1 of its /Contents string (padding included), upper-case hex. */
export function vriKey(signatureContents: Uint8Array): string {
  return createHash('sha1').update(signatureContents).digest('hex').toUpperCase();
}

/**
 * Appends, as an incremental update, a Document Security Store (ISO 32000-2 §12.8.4.3,
 * PAdES B-LT): the catalog gains (or keeps, merged) /DSS with /Certs, /OCSPs and /CRLs
 * streams and a /VRI dictionary per signature. Data already in the file is kept and not
 * written twice; earlier bytes are never touched, so every signature stays valid.
 */
export function appendDss(pdf: Uint8Array, add: DssContents): Buffer {
  const reader = PdfReader.open(pdf);
  const writer = new IncrementalUpdateWriter(pdf, reader);
  const catalog = reader.catalog().clone();
  const oldDss = reader.dict(catalog.get('DSS'));
  // Each distinct DER once, by its SHA-256: existing streams keep their objects.
  const refs = new Map<string, PdfRef>();
  const arrays: Record<Kind, PdfRef[]> = { certs: [], ocsps: [], crls: [] };
  const refOf = (bytes: Buffer): PdfRef => {
    const key = createHash('sha256').update(bytes).digest('hex');
    let ref = refs.get(key);
    if (!ref) {
      ref = writer.allocate();
      writer.put(ref, new PdfStream(new PdfDict(), bytes));
      refs.set(key, ref);
    }
    return ref;
  };
  for (const kind of Object.keys(KEYS) as Kind[]) {
    for (const ref of refsIn(reader, oldDss?.get(KEYS[kind]))) {
      const bytes = streamBytes(reader, ref);
      if (!bytes) continue;
      const key = createHash('sha256').update(bytes).digest('hex');
      if (!refs.has(key)) refs.set(key, ref);
      if (!arrays[kind].some((r) => r.num === ref.num)) arrays[kind].push(ref);
    }
    for (const bytes of add[kind]) {
      const ref = refOf(bytes);
      if (!arrays[kind].some((r) => r.num === ref.num)) arrays[kind].push(ref);
    }
  }
  const vri = reader.dict(oldDss?.get('VRI'))?.clone() ?? new PdfDict();
  for (const [key, data] of add.vri) {
    const entry = reader.dict(vri.get(key))?.clone() ?? new PdfDict();
    for (const kind of Object.keys(VRI_KEYS) as Kind[]) {
      const list = refsIn(reader, entry.get(VRI_KEYS[kind]));
      for (const bytes of data[kind]) {
        const ref = refOf(bytes);
        if (!list.some((r) => r.num === ref.num)) list.push(ref);
        if (!arrays[kind].some((r) => r.num === ref.num)) arrays[kind].push(ref);
      }
      if (list.length) entry.set(VRI_KEYS[kind], list);
    }
    vri.set(key, entry);
  }
  const dss = new PdfDict().set('Type', new PdfName('DSS'));
  for (const kind of Object.keys(KEYS) as Kind[]) if (arrays[kind].length) dss.set(KEYS[kind], arrays[kind]);
  if (vri.entries.size) dss.set('VRI', vri);
  const dssRef = writer.allocate();
  writer.put(dssRef, dss);
  catalog.set('DSS', dssRef);
  writer.put(reader.rootRef(), catalog);
  return writer.write().bytes;
}

/** The DSS of a file, parsed back: every stream's bytes, and the /VRI entries. */
export function readDss(pdf: Uint8Array | PdfReader): DssContents {
  const reader = pdf instanceof PdfReader ? pdf : PdfReader.open(pdf);
  const dss = reader.dict(reader.catalog().get('DSS'));
  const read = (v: PdfValue | undefined) => refsIn(reader, v).map((r) => streamBytes(reader, r)).filter((b): b is Buffer => !!b);
  const out: DssContents = { certs: read(dss?.get('Certs')), ocsps: read(dss?.get('OCSPs')), crls: read(dss?.get('CRLs')), vri: new Map() };
  const vri = reader.dict(dss?.get('VRI'));
  for (const [key, value] of vri?.entries ?? []) {
    const entry = reader.dict(value);
    if (!entry) continue;
    out.vri.set(key, { certs: read(entry.get('Cert')), ocsps: read(entry.get('OCSP')), crls: read(entry.get('CRL')) });
  }
  return out;
}

function refsIn(reader: PdfReader, v: PdfValue | undefined): PdfRef[] {
  const list = reader.resolve(v);
  return Array.isArray(list) ? list.filter((r): r is PdfRef => r instanceof PdfRef) : [];
}

function streamBytes(reader: PdfReader, ref: PdfRef): Buffer | undefined {
  try {
    const stream = reader.object(ref.num);
    return stream instanceof PdfStream ? Buffer.from(decodeStream(stream)) : undefined;
  } catch {
    return undefined;
  }
}

