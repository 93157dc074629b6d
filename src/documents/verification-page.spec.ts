import { wibDate } from '../common/time/wib';
import { notFoundPage, verificationPage } from './verification-page';
import type { PublicLetterView } from './verification.service';

const view: PublicLetterView = {
  code: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  number: '000.8.3.3/15/Diskominfo/2026',
  date: '2026-11-22',
  type: 'surat-keluar',
  typeLabel: 'Surat Keluar',
  sifat: 'biasa',
  sifatLabel: 'Biasa',
  subject: 'Undangan <script>alert("x")</script> & "rapat"',
  status: 'signed',
  statusLabel: 'Ditandatangani',
  signed: true,
  signers: [{ name: 'Dewi Kartikasari, S.Kom., M.T.', position: 'Kepala Dinas Komunikasi dan Informatika', capacity: 'plh', signedAt: new Date('2026-11-22T02:30:00Z') }],
};

describe('verificationPage', () => {
  it('shows the letter in Bahasa Indonesia with every value escaped', () => {
    const html = verificationPage(view);
    expect(html).toContain('<html lang="id">');
    expect(html).toContain('22 November 2026');
    expect(html).toContain('Plh. Kepala Dinas Komunikasi dan Informatika');
    expect(html).toContain('09.30 WIB');
    expect(html).toContain('<th>Sifat</th><td>Biasa</td>');
    expect(html).toContain('Undangan &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;rapat&quot;');
    expect(html).not.toContain('<script>');
  });

  it('links to the upload form of the web app, with the code filled in', () => {
    expect(verificationPage(view)).toContain('<a class="button" href="/verifikasi?kode=ABCDEFGHIJKLMNOPQRSTUVWXYZ">Periksa keaslian berkas PDF Anda</a>');
  });

  it('says each signature\'s level and the time its timestamp proves', () => {
    const signature = {
      kind: 'signature' as const,
      level: 'B-LTA' as const,
      provenTime: new Date('2026-11-22T02:31:00Z'),
      certificateValidAtTime: true,
      revocation: { status: 'good' as const },
      holds: true,
      signerName: 'Dewi <b>Kartikasari</b>',
      intact: true,
      trusted: true,
      coversWholeDocument: false,
      errors: [],
      changesAfter: [],
    };
    const html = verificationPage({ ...view, signatures: [signature, { ...signature, kind: 'document-timestamp', signerName: 'TSA' }] });
    expect(html).toContain('<th>Tanda tangan elektronik</th>');
    expect(html).toContain('Dewi &lt;b&gt;Kartikasari&lt;/b&gt;: PAdES B-LTA, waktu terbukti');
    expect(html).toContain('09.31 WIB, sah pada waktu itu');
    expect(html).not.toContain('TSA:');
    expect(verificationPage(view)).not.toContain('Tanda tangan elektronik');
  });

  it('hides the subject of a confidential letter', () => {
    const html = verificationPage({ ...view, sifat: 'rahasia', sifatLabel: 'Rahasia', subject: undefined });
    expect(html).toContain('Dirahasiakan');
    expect(html).not.toContain('Undangan');
  });

  it('has a page for unknown codes', () => {
    expect(notFoundPage()).toContain('Naskah tidak ditemukan');
  });
});

describe('wibDate', () => {
  it('dates a letter in Western Indonesian Time', () => {
    expect(wibDate(new Date('2026-11-22T16:59:00Z'))).toBe('2026-11-22');
    expect(wibDate(new Date('2026-11-22T17:00:00Z'))).toBe('2026-11-23');
  });
});
