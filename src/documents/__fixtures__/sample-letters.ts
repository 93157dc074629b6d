import { LetterRenderInput, SignerBlock } from '../pdf/letter-render.types';

export const KEPALA_DINAS: SignerBlock = {
  position: 'Kepala Dinas Komunikasi dan Informatika',
  name: 'Budi Santoso, S.Kom., M.T.',
  rank: 'Pembina Utama Muda (IV/c)',
  nip: '198001012005011001',
};

export const SEKRETARIS_DAERAH: SignerBlock = {
  position: 'Sekretaris Daerah',
  name: 'Ir. Siti Aminah, M.Si.',
  nip: '197905052003122002',
};

const LONG_PARAGRAPH =
  'Sehubungan dengan hal tersebut di atas, setiap perangkat daerah diminta menyiapkan data dukung berupa dokumen ' +
  'kebijakan, laporan pelaksanaan, dan bukti penerapan layanan digital yang telah berjalan selama tahun anggaran ' +
  'berjalan, serta menunjuk satu orang operator yang bertanggung jawab atas pengisian kuesioner evaluasi.';

/** A realistic invitation; `extraParagraphs` makes it run onto more pages. */
export function sampleLetter(overrides: Partial<LetterRenderInput> = {}, extraParagraphs = 0): LetterRenderInput {
  return {
    letterType: 'surat-undangan',
    letterhead: {
      governmentName: 'PEMERINTAH KOTA PEKALONGAN',
      unitName: 'DINAS KOMUNIKASI DAN INFORMATIKA',
      addressLines: ['Jalan Sriwijaya Nomor 44, Pekalongan, Jawa Tengah 51111'],
      phone: '(0285) 421444',
      website: 'diskominfo.pekalongankota.go.id',
      email: 'diskominfo@pekalongankota.go.id',
    },
    number: '000.8.3.3/15/Diskominfo/2026',
    date: '2026-11-22',
    place: 'Pekalongan',
    securityClass: 'Biasa',
    attachments: '1 (satu) berkas',
    subject: 'Undangan Rapat Koordinasi Sistem Pemerintahan Berbasis Elektronik (SPBE) Tahun 2026',
    addressees: ['Kepala Perangkat Daerah di Lingkungan Pemerintah Kota Pekalongan'],
    sender: 'Kepala Dinas Komunikasi dan Informatika',
    paragraphs: [
      'Dalam rangka pelaksanaan evaluasi Sistem Pemerintahan Berbasis Elektronik (SPBE) Tahun 2026 di lingkungan ' +
        'Pemerintah Kota Pekalongan, bersama ini kami mengundang Bapak/Ibu untuk hadir pada rapat koordinasi yang akan dilaksanakan pada:',
      ...Array.from({ length: extraParagraphs }, () => LONG_PARAGRAPH),
    ],
    eventDetails: [
      { label: 'Hari/Tanggal', value: 'Senin, 23 November 2026' },
      { label: 'Pukul', value: '09.00 WIB s.d. selesai' },
      { label: 'Tempat', value: 'Ruang Rapat Lantai 2 Dinas Komunikasi dan Informatika' },
      { label: 'Acara', value: 'Rapat Koordinasi Evaluasi SPBE' },
    ],
    closing: ['Mengingat pentingnya acara tersebut, dimohon kehadiran Bapak/Ibu tepat waktu. Atas perhatiannya diucapkan terima kasih.'],
    signers: [KEPALA_DINAS],
    carbonCopies: ['Wali Kota Pekalongan (sebagai laporan)', 'Inspektur Kota Pekalongan'],
    verificationCode: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    ...overrides,
  };
}

export const PUBLIC_URL = 'https://surat.pekalongankota.go.id';
export const BSRE_ISSUER = 'Balai Sertifikasi Elektronik (BSrE), Badan Siber dan Sandi Negara';
