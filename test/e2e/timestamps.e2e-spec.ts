import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { IncomingMessage, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { PdfTools, pdfsigTimestampCount, pdfsigValidations, signatureAndToken, signatureFields, signedBytes } from '../../src/documents/__fixtures__/pdf-tools';
import { appendDocumentTimestamp } from '../../src/documents/timestamp/document-timestamp';
import { EXTERNAL_TOKEN_RESERVE, TimestampClient, httpTimestampTransport } from '../../src/documents/timestamp/timestamp-client';
import { parseTimestampToken } from '../../src/documents/timestamp/timestamp-protocol';
import { downloadDocument, draftLetter, eventually, fire, positionIds } from '../factories/letters.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

/** Drafts a letter, submits it and has its reviewer paraf it: it waits for its signer. */
async function readyToSign(t: TestApp): Promise<string> {
  const p = await positionIds(t);
  const letter = await draftLetter(t, { reviewers: [{ positionIds: [p['KABID-APTIKA']] }] });
  expect((await fire(t, letter.id, 'staf.kominfo', 'submit')).status).toBe(200);
  await eventually(async () => (await t.sql(`SELECT 1 FROM letter_document WHERE letter_id = $1 AND kind = 'draft'`, [letter.id])).length > 0);
  expect((await fire(t, letter.id, 'kabid.aptika', 'approve')).status).toBe(200);
  return letter.id;
}

function openssl(args: string[]): { status: number | null; out: string } {
  const run = spawnSync('openssl', args, { encoding: 'utf8' });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('RFC 3161 timestamps: B-T signatures, document timestamps, the built-in authority', () => {
  const tools = new PdfTools();
  afterAll(() => tools.cleanup());

  describe('with the built-in authority', () => {
    let t: TestApp;
    let caFile: string;
    let tsaChainFile: string;
    let nssDb: string;

    beforeAll(async () => {
      t = await createTestApp();
      const ca = await t.http().get('/pki/ca.pem').expect(200);
      expect(ca.headers['content-type']).toContain('application/x-pem-file');
      const chain = await t.http().get('/pki/tsa.pem').expect(200);
      expect(chain.headers['content-type']).toContain('application/pem-certificate-chain');
      caFile = tools.file(Buffer.from(ca.text), 'ca.pem');
      tsaChainFile = tools.file(Buffer.from(chain.text), 'tsa.pem');
      // The chain is the TSA's certificate, then the CA's: the same CA as /pki/ca.pem.
      expect(chain.text.endsWith(ca.text)).toBe(true);
      nssDb = tools.nssDbTrusting([ca.text]);
    });
    afterAll(() => t.close());

    it('signs a letter through the sign transition as PAdES B-T: the token verifies with openssl against /pki/ca.pem, pdfsig and qpdf are clean; then a document timestamp over HTTP from /pki/tsa verifies too', async () => {
      const letterId = await readyToSign(t);
      const signed = await fire(t, letterId, 'kadis.kominfo', 'sign');
      expect(signed.status).toBe(200);
      const pdf = await downloadDocument(t, letterId);

      const [signature] = signatureFields(pdf);
      expect(signature.subFilter).toBe('ETSI.CAdES.detached');
      const { signature: value, token } = signatureAndToken(signature.contents);
      expect(token).toBeDefined();
      // openssl, independently: the token is over this signature value and chains to the CA served over HTTP.
      const sigToken = openssl([
        'ts', '-verify', '-token_in', '-in', tools.file(token!, 'sig-token.der'), '-data', tools.file(value, 'sig-value.bin'),
        '-CAfile', caFile, '-untrusted', tsaChainFile,
      ]);
      expect(sigToken.out).toContain('Verification: OK');
      expect(sigToken.status).toBe(0);
      const info = parseTimestampToken(token!);
      expect(info.signatureValid).toBe(true);
      expect(Math.abs(info.genTime.getTime() - Date.now())).toBeLessThan(60_000);

      // Stamped by the authority whose certificate /pki/tsa.pem serves.
      expect(readFileSync(tsaChainFile, 'utf8').startsWith(info.tsaCertificatePem!)).toBe(true);
      expect(pdfsigValidations(tools.pdfsig(pdf, nssDb))).toEqual(['Signature is Valid.']);
      expect(tools.qpdfCheck(pdf).status).toBe(0);
      // The public check takes the signing time from the timestamp, not from the signer's /M.
      const checked = await t.http().post('/api/v1/verify').attach('file', pdf, { filename: 'surat.pdf', contentType: 'application/pdf' }).expect(200);
      // The signature, then the archive timestamp that follows its DSS (B-LTA).
      expect(checked.body.signatures.map((s: { kind: string }) => s.kind)).toEqual(['signature', 'document-timestamp']);
      expect(checked.body.signatures[0]).toMatchObject({ intact: true, trusted: true, errors: [] });
      expect(new Date(checked.body.signatures[0].signingTime).getTime()).toBe(info.genTime.getTime());

      // A document timestamp through the public endpoint, as B2's archive renewal will ask for one.
      const viaHttp = new TimestampClient(httpTimestampTransport(`${t.baseUrl}/pki/tsa`, 5000), EXTERNAL_TOKEN_RESERVE);
      const stamped = await appendDocumentTimestamp(pdf, viaHttp);
      expect(stamped.subarray(0, pdf.length).equals(pdf)).toBe(true);
      const fields = signatureFields(stamped);
      // The signing added its archive timestamp (B-LTA); the one requested here comes last.
      expect(fields.map((f) => f.subFilter)).toEqual(['ETSI.CAdES.detached', 'ETSI.RFC3161', 'ETSI.RFC3161']);
      const docTs = fields[2];
      expect(stamped.toString('latin1')).toContain('/Type /DocTimeStamp');
      const docToken = openssl([
        'ts', '-verify', '-token_in', '-in', tools.file(docTs.contents, 'doc-token.der'), '-data', tools.file(signedBytes(stamped, docTs.byteRange), 'doc-range.bin'),
        '-CAfile', caFile, '-untrusted', tsaChainFile,
      ]);
      expect(docToken.out).toContain('Verification: OK');
      expect(docToken.status).toBe(0);
      // The range covers the whole file but the token's own /Contents.
      expect(docTs.byteRange[2] + docTs.byteRange[3]).toBe(stamped.length);
      const docInfo = parseTimestampToken(docTs.contents);
      expect(docInfo.serialNumber).not.toBe(info.serialNumber);
      expect(docInfo.hashedMessage).toEqual(createHash('sha256').update(signedBytes(stamped, docTs.byteRange)).digest());

      // pdfsig (poppler 22.12) checks adbe.pkcs7.* and ETSI.CAdES.detached only and reports an
      // ETSI.RFC3161 field as not verified; openssl above is the check of the document timestamp.
      const report = tools.pdfsig(stamped, nssDb);
      expect(report).toContain('Signature #2:');
      // pdfsigValidations leaves document timestamps out; pdfsigTimestampCount counts them.
      expect(pdfsigValidations(report)[0]).toBe('Signature is Valid.');
      expect(pdfsigTimestampCount(report)).toBeGreaterThanOrEqual(1);
      expect(tools.qpdfCheck(stamped).status).toBe(0);
      // Our verifier checks both: the signature, and the document timestamp over its range.
      const checkedStamped = await t.http().post('/api/v1/verify').attach('file', stamped, { filename: 'surat.pdf', contentType: 'application/pdf' }).expect(200);
      // The signature, the archive timestamp of signing (B-LTA), and the one appended here.
      expect(checkedStamped.body.signatures.map((s: { kind: string; intact: boolean; trusted: boolean }) => [s.kind, s.intact, s.trusted])).toEqual([
        ['signature', true, true],
        ['document-timestamp', true, true],
        ['document-timestamp', true, true],
      ]);
    });

    it('POST /pki/tsa answers an openssl query with a reply openssl verifies; another media type is 415 with a code', async () => {
      const query = tools.file(Buffer.alloc(0), 'q.tsq');
      expect(openssl(['ts', '-query', '-data', caFile, '-sha256', '-cert', '-out', query]).status).toBe(0);
      const res = await fetch(`${t.baseUrl}/pki/tsa`, { method: 'POST', headers: { 'Content-Type': 'application/timestamp-query' }, body: readFileSync(query) });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/timestamp-reply');
      const reply = Buffer.from(await res.arrayBuffer());
      const verified = openssl(['ts', '-verify', '-in', tools.file(reply, 'r.tsr'), '-queryfile', query, '-CAfile', caFile]);
      expect(verified.out).toContain('Verification: OK');

      const wrong = await t.http().post('/pki/tsa').set('Content-Type', 'application/json').send({ q: 1 });
      expect(wrong.status).toBe(415);
      expect(wrong.body.code).toBe('TIMESTAMP_QUERY_MEDIA_TYPE');
      const large = await t.http().post('/pki/tsa').set('Content-Type', 'application/timestamp-query').send(Buffer.alloc(5000));
      expect(large.status).toBe(413);
      expect(large.body.code).toBe('TIMESTAMP_QUERY_TOO_LARGE');
    });
  });

  describe('with TSA_URL naming an authority that does not answer', () => {
    let t: TestApp;
    let tsa: Server;
    /** While true the authority accepts connections and never answers; after, it forwards to the app's own /pki/tsa. */
    let hang = true;

    beforeAll(async () => {
      tsa = createServer((req, res) => {
        if (hang) return;
        void body(req).then(async (query) => {
          const reply = await fetch(`${t.baseUrl}/pki/tsa`, { method: 'POST', headers: { 'Content-Type': 'application/timestamp-query' }, body: query });
          res.writeHead(reply.status, { 'Content-Type': reply.headers.get('content-type') ?? '' });
          res.end(Buffer.from(await reply.arrayBuffer()));
        });
      });
      await new Promise<void>((resolve) => tsa.listen(0, '127.0.0.1', resolve));
      t = await createTestApp({ TSA_URL: `http://127.0.0.1:${(tsa.address() as AddressInfo).port}/tsr`, TSA_TIMEOUT_MS: '400' });
    });
    afterAll(async () => {
      await t.close();
      tsa.closeAllConnections();
      await new Promise((r) => tsa.close(r));
    });

    it('fails the signature with 503 TSA_UNAVAILABLE leaving the letter as it was, and signs once the authority answers', async () => {
      const letterId = await readyToSign(t);
      const snapshot = async () => ({
        letter: (await t.sql('SELECT state, version, number, verification_code, signed_at, current_document_id FROM letter WHERE id = $1', [letterId]))[0],
        documents: (await t.sql('SELECT id FROM letter_document WHERE letter_id = $1 ORDER BY sequence', [letterId])).map((r) => r.id),
        objects: (await t.sql('SELECT count(*)::int AS n FROM stored_object'))[0].n,
        counters: await t.sql('SELECT * FROM number_counter ORDER BY 1, 2'),
        numbers: (await t.sql('SELECT count(*)::int AS n FROM letter_number'))[0].n,
      });
      const before = await snapshot();

      const started = Date.now();
      const failed = await fire(t, letterId, 'kadis.kominfo', 'sign');
      expect(failed.status).toBe(503);
      expect(failed.body.code).toBe('TSA_UNAVAILABLE');
      expect(failed.headers['retry-after']).toBe('5');
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      expect(await snapshot()).toEqual(before);
      expect(before.letter.number).toBeNull();

      hang = false;
      const signed = await fire(t, letterId, 'kadis.kominfo', 'sign');
      expect(signed.status).toBe(200);
      expect(signed.body.state).toBe('signed');
      const pdf = await downloadDocument(t, letterId);
      const { token } = signatureAndToken(signatureFields(pdf)[0].contents);
      expect(token).toBeDefined();
      expect(parseTimestampToken(token!).signatureValid).toBe(true);
      const [ca] = await t.sql<{ certificate_pem: string }>('SELECT certificate_pem FROM deployment_ca');
      expect(pdfsigValidations(tools.pdfsig(pdf, tools.nssDbTrusting([ca.certificate_pem])))).toEqual(['Signature is Valid.']);
      expect((await t.sql('SELECT number FROM letter WHERE id = $1', [letterId]))[0].number).not.toBeNull();
    });
  });
});
