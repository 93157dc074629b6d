import { PdfDict, PdfName, PdfRef, PdfStream, PdfValue, dictOf, pdfEquals } from '../pdf/syntax/pdf-objects';
import { PdfReader } from '../pdf/syntax/pdf-reader';

/** Catalog entries later signatures and LTV data may add or change. */
const CATALOG_ALLOWED = new Set(['AcroForm', 'DSS', 'Extensions']);
const FORM_ALLOWED = new Set(['Fields', 'SigFlags', 'DR', 'DA', 'NeedAppearances']);
/** A signature field signed in a later revision gains a value and an appearance. */
const SIG_FIELD_ALLOWED = new Set(['V', 'AP', 'F', 'Lock', 'SV']);

/**
 * What later incremental updates changed compared with a signed revision, keeping
 * only what a signature does not allow. Allowed: new objects, further signature
 * fields and widgets (page /Annots, AcroForm /Fields), signing an empty field,
 * DSS (LTV data), metadata. Anything else (content streams, page dictionaries,
 * resources, the page tree) is reported as a change to the signed document.
 */
export function disallowedChanges(signed: PdfReader, current: PdfReader): string[] {
  const problems: string[] = [];
  if (current.isEncrypted && !signed.isEncrypted) problems.push('encryption was added after signing');
  const signedRoot = signed.rootRef();
  if (current.rootRef().num !== signedRoot.num) problems.push('the document catalog was replaced after signing');

  const ctx: DiffContext = { signed, current, formNum: refNum(signed.catalog().get('AcroForm')), infoNum: refNum(signed.trailer.get('Info')) };
  const numbers = new Set([...signed.xref.keys(), ...current.xref.keys()]);
  for (const num of numbers) {
    if (signed.locationOf(num) === current.locationOf(num)) continue;
    const problem = checkObject(ctx, num, num === signedRoot.num);
    if (problem) problems.push(problem);
  }
  return problems;
}

interface DiffContext {
  signed: PdfReader;
  current: PdfReader;
  formNum?: number;
  infoNum?: number;
}

function checkObject(ctx: DiffContext, num: number, isCatalog: boolean): string | undefined {
  let before: PdfValue | undefined;
  let after: PdfValue | undefined;
  try {
    before = ctx.signed.object(num);
    after = ctx.current.object(num);
  } catch (e) {
    return `object ${num} cannot be read after signing (${(e as Error).message})`;
  }
  if (before === undefined) return undefined; // new object: judged where it is referenced
  if (after === undefined) return `object ${num} was deleted after signing`;
  if (pdfEquals(before, after)) return undefined;

  const dict = dictOf(before);
  const type = dict?.nameOf('Type');
  if (type === 'XRef' || type === 'ObjStm' || type === 'Metadata' || num === ctx.infoNum) return undefined;
  if (isCatalog) return changedKeys(before, after, CATALOG_ALLOWED, num, 'document catalog') ?? formChange(ctx, before, after);
  if (type === 'Page') return changedKeys(before, after, new Set(['Annots']), num, 'page') ?? annotsChange(ctx, before, after);
  if (num === ctx.formNum) return changedKeys(before, after, FORM_ALLOWED, num, 'form') ?? fieldsChange(ctx, dictOf(before)?.get('Fields'), dictOf(after)?.get('Fields'));
  if (Array.isArray(before)) return appendedSignatureFields(ctx, before, after, `array object ${num}`);
  if (dict && isSignatureField(ctx.signed, dict) && !dict.has('V')) return changedKeys(before, after, SIG_FIELD_ALLOWED, num, 'signature field');
  const kind = type ?? (before instanceof PdfStream ? 'stream' : dict ? 'dictionary' : 'value');
  return `object ${num} (${kind}) was changed after signing`;
}

/** The keys outside `allowed` must be identical. */
function changedKeys(before: PdfValue, after: PdfValue, allowed: Set<string>, num: number, what: string): string | undefined {
  const a = dictOf(before);
  const b = dictOf(after);
  if (!a || !b || before instanceof PdfStream !== after instanceof PdfStream) return `${what} object ${num} changed type after signing`;
  const keys = new Set([...a.entries.keys(), ...b.entries.keys()]);
  const changed = [...keys].filter((k) => !allowed.has(k) && !pdfEquals(a.get(k), b.get(k)));
  if (before instanceof PdfStream && after instanceof PdfStream && !Buffer.from(before.data).equals(after.data)) changed.push('stream data');
  return changed.length ? `${what} object ${num} changed after signing: ${changed.join(', ')}` : undefined;
}

/** An inline AcroForm in the catalog may only gain signature fields. */
function formChange(ctx: DiffContext, before: PdfValue, after: PdfValue): string | undefined {
  const a = dictOf(before)?.get('AcroForm');
  const b = dictOf(after)?.get('AcroForm');
  if (a instanceof PdfRef || b instanceof PdfRef || a === undefined) return undefined;
  if (!(a instanceof PdfDict) || !(b instanceof PdfDict)) return 'the form was removed after signing';
  return changedKeys(a, b, FORM_ALLOWED, ctx.signed.rootRef().num, 'form') ?? fieldsChange(ctx, a.get('Fields'), b.get('Fields'));
}

function fieldsChange(ctx: DiffContext, before: PdfValue | undefined, after: PdfValue | undefined): string | undefined {
  if (before instanceof PdfRef || after instanceof PdfRef) return undefined; // the array object is judged on its own
  return appendedSignatureFields(ctx, arrayOf(before), arrayOf(after), 'form fields');
}

function annotsChange(ctx: DiffContext, before: PdfValue, after: PdfValue): string | undefined {
  const a = dictOf(before)?.get('Annots');
  const b = dictOf(after)?.get('Annots');
  if (a instanceof PdfRef && b instanceof PdfRef && a.num === b.num) return undefined;
  return appendedSignatureFields(ctx, arrayOf(ctx.signed.resolve(a)), arrayOf(ctx.current.resolve(b)), 'page annotations');
}

/** Everything signed stays, in order; what was added are signature widgets. */
function appendedSignatureFields(ctx: DiffContext, before: PdfValue[], after: PdfValue | undefined, what: string): string | undefined {
  if (!Array.isArray(after)) return `${what} changed type after signing`;
  const kept = before.every((v) => after.some((w) => pdfEquals(v, w)));
  if (!kept) return `${what}: entries were removed after signing`;
  const added = after.filter((w) => !before.some((v) => pdfEquals(v, w)));
  const foreign = added.filter((v) => !isSignatureField(ctx.current, ctx.current.dict(v)));
  return foreign.length ? `${what}: ${foreign.length} non-signature entr${foreign.length === 1 ? 'y was' : 'ies were'} added after signing` : undefined;
}

function isSignatureField(reader: PdfReader, dict: PdfDict | undefined): boolean {
  for (let d = dict, depth = 0; d && depth < 8; d = reader.dict(d.get('Parent')), depth++) {
    const ft = d.get('FT');
    if (ft instanceof PdfName) return ft.value === 'Sig';
  }
  return false;
}

function arrayOf(v: PdfValue | undefined): PdfValue[] {
  return Array.isArray(v) ? v : [];
}

function refNum(v: PdfValue | undefined): number | undefined {
  return v instanceof PdfRef ? v.num : undefined;
}
