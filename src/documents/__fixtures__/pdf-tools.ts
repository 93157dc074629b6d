import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PdfName, PdfString } from '../pdf/syntax/pdf-objects';
import { PdfReader } from '../pdf/syntax/pdf-reader';
import { DerNode, OID, contextChild, oidOf, readDer } from '../signing/der';

/** Runs the poppler/qpdf/zbar command-line tools on PDFs kept in a private temp directory. */
export class PdfTools {
  readonly dir = mkdtempSync(join(tmpdir(), 'esurat-documents-test-'));
  private counter = 0;

  file(bytes: Uint8Array, name = `doc-${++this.counter}.pdf`): string {
    const path = join(this.dir, name);
    writeFileSync(path, bytes);
    return path;
  }

  /**
   * pdfsig's report; with `nssDir`, certificates issued by the CAs in it are trusted. `offline`:
   * no OCSP request to the responder a certificate names (one served by this very process could
   * not answer while pdfsig blocks it).
   */
  pdfsig(bytes: Uint8Array, nssDir?: string, options: { offline?: boolean } = {}): string {
    const args = [...(nssDir ? ['-nssdir', `sql:${nssDir}`] : []), ...(options.offline ? ['-no-ocsp'] : []), this.file(bytes)];
    const run = spawnSync('pdfsig', args, { encoding: 'utf8' });
    return `${run.stdout}${run.stderr}`;
  }

  /** qpdf --check: exit 0 (clean) or 3 (warnings) passes, 2 is an error. */
  qpdfCheck(bytes: Uint8Array): { status: number | null; output: string } {
    const run = spawnSync('qpdf', ['--check', this.file(bytes)], { encoding: 'utf8' });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  }

  pdftotext(bytes: Uint8Array, extra: string[] = []): string {
    return execFileSync('pdftotext', [...extra, this.file(bytes), '-'], { encoding: 'utf8' });
  }

  pdfinfo(bytes: Uint8Array): string {
    return execFileSync('pdfinfo', [this.file(bytes)], { encoding: 'utf8' });
  }

  pdffonts(bytes: Uint8Array): string {
    return execFileSync('pdffonts', [this.file(bytes)], { encoding: 'utf8' });
  }

  /** Renders pages to PNG and returns their paths. */
  toPngs(bytes: Uint8Array, dpi: number): string[] {
    const prefix = join(this.dir, `png-${++this.counter}`);
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), this.file(bytes), prefix]);
    const base = prefix.split('/').pop()!;
    return readdirSync(this.dir)
      .filter((f) => f.startsWith(`${base}-`) && f.endsWith('.png'))
      .sort()
      .map((f) => join(this.dir, f));
  }

  /** Every QR code zbarimg finds on the image. */
  readQrCodes(png: string): string[] {
    const run = spawnSync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', png], { encoding: 'utf8' });
    return run.stdout.split('\n').filter(Boolean);
  }

  /** A throw-away NSS database trusting the given CA certificates for signing. */
  nssDbTrusting(caPems: string[]): string {
    const db = join(this.dir, `nss-${++this.counter}`);
    execFileSync('mkdir', ['-p', db]);
    execFileSync('certutil', ['-N', '-d', `sql:${db}`, '--empty-password']);
    caPems.forEach((pem, i) => {
      const file = join(this.dir, `ca-${this.counter}-${i}.pem`);
      writeFileSync(file, pem);
      execFileSync('certutil', ['-A', '-d', `sql:${db}`, '-n', `ca-${i}`, '-t', 'CT,C,C', '-i', file]);
    });
    return db;
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * pdfsig's per-signature lines, e.g. ["Signature is Valid.", ...], of the signatures proper:
 * document timestamps (ETSI.RFC3161, the B-LTA archive timestamps) are left out, as poppler
 * does not check them (openssl ts and our verifier do); `pdfsigTimestampCount` counts them.
 */
export function pdfsigValidations(report: string): string[] {
  return signatureBlocks(report)
    .filter((b) => !isTimestampBlock(b))
    .flatMap((b) => [...b.matchAll(/Signature Validation: (.+)/g)].map((m) => m[1].trim()));
}

export function pdfsigTimestampCount(report: string): number {
  return signatureBlocks(report).filter(isTimestampBlock).length;
}

/** poppler names the CMS types it checks; a document timestamp shows as ETSI.RFC3161 or unknown. */
function isTimestampBlock(block: string): boolean {
  const type = /Signature Type: (\S+)/.exec(block)?.[1];
  return !type || !/^(adbe\.pkcs7\.|ETSI\.CAdES\.)/.test(type);
}

function signatureBlocks(report: string): string[] {
  return report.split(/^Signature #\d+:/m).slice(1);
}

export function pdfsigCertificateValidations(report: string): string[] {
  return [...report.matchAll(/Certificate Validation: (.+?)(?:NSS_Shutdown.*)?$/gm)].map((m) => m[1].trim());
}

export interface PdfSignatureField {
  subFilter: string;
  byteRange: number[];
  contents: Buffer;
}

/** Every signature value of the PDF in field order: /SubFilter, /ByteRange and the DER of /Contents without its padding. */
export function signatureFields(pdf: Buffer): PdfSignatureField[] {
  const reader = PdfReader.open(pdf);
  const fields = reader.resolve(reader.dict(reader.catalog().get('AcroForm'))?.get('Fields')) as unknown[];
  return fields.map((f) => {
    const v = reader.dict(reader.dict(f as never)?.get('V'))!;
    return {
      subFilter: (v.get('SubFilter') as PdfName).value,
      byteRange: (v.get('ByteRange') as number[]).map(Number),
      contents: readDer((v.get('Contents') as PdfString).bytes).raw,
    };
  });
}

/** The signature value and the signature-time-stamp-token of a CMS's first SignerInfo. */
export function signatureAndToken(cms: Buffer): { signature: Buffer; token?: Buffer } {
  const signedData = contextChild(readDer(cms), 0)!.children[0];
  const signerInfo: DerNode = signedData.children[signedData.children.length - 1].children[0];
  const afterAttrs = signerInfo.children.slice(signerInfo.children[3].tag === 0xa0 ? 5 : 4);
  const unsigned = signerInfo.children.find((c) => c.tag === 0xa1);
  const attr = unsigned?.children.find((a) => oidOf(a.children[0]) === OID.signatureTimeStampToken);
  return { signature: Buffer.from(afterAttrs[0].content), token: attr ? Buffer.from(attr.children[1].children[0].raw) : undefined };
}

/** The bytes a signature's /ByteRange covers. */
export function signedBytes(pdf: Buffer, [a, b, c, d]: number[]): Buffer {
  return Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]);
}
