import { analyzeText, AnalyzedTerm, quoteLexeme, TsvectorWeight } from '../src/search/morphology/analyzer';

/**
 * Realistic letters for the archive benchmark, fast: a Zipf-distributed vocabulary of real
 * words of government letters followed by a long tail of made-up words (names of places,
 * programmes, people), subjects from the usual patterns, numbers in the real format. A seeded
 * generator, so every run builds the same archive.
 */

/** Mulberry32: small, fast, seeded. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEAD_WORDS = `dalam rangka pelaksanaan kegiatan tahun anggaran bersama ini kami sampaikan bahwa dinas kesehatan kota
pekalongan akan melaksanakan program pelayanan masyarakat sehubungan dengan hal tersebut mohon bapak ibu berkenan hadir
pada hari tanggal waktu tempat acara ruang rapat lantai gedung sekretariat daerah kepala bidang seksi staf pegawai negeri
sipil aparatur pemerintah kelurahan kecamatan wilayah penyelenggaraan koordinasi evaluasi laporan penyampaian data
informasi pengelolaan keuangan pengadaan barang jasa kebutuhan peralatan kantor penyusunan rencana kerja pembangunan
peningkatan kualitas sumber daya manusia pendidikan pelatihan teknis sosialisasi peraturan daerah walikota keputusan
penetapan pengangkatan pemberhentian mutasi kenaikan pangkat berkala cuti tahunan perjalanan dinas luar kota biaya
pembayaran honorarium narasumber peserta undangan daftar hadir notulen hasil rekomendasi tindak lanjut pengawasan
pemeriksaan inspektorat temuan perbaikan verifikasi dokumen persyaratan administrasi permohonan izin rekomendasi
perizinan usaha mikro kecil menengah penduduk kependudukan pencatatan sipil akta kelahiran kartu keluarga identitas
pengaduan layanan publik kepuasan survei indeks kinerja instansi akuntabilitas reformasi birokrasi pelaporan realisasi
anggaran belanja pendapatan pajak retribusi aset barang milik daerah inventarisasi penghapusan pemusnahan arsip
kearsipan retensi penyusutan pemindahan penyerahan berkas jadwal klasifikasi nomor lampiran perihal sifat segera biasa
penting terlampir berikut kami mohon perhatian kerja sama terima kasih demikian atas diucapkan hormat kami tembusan yth
sekretaris kabupaten provinsi jawa tengah kementerian dalam negeri republik indonesia nasional pusat teknologi
komunikasi aplikasi jaringan internet sistem elektronik digital website server keamanan siber pengembangan integrasi
perencanaan monitoring pendampingan fasilitasi bimbingan konsultasi asistensi penguatan kapasitas kelembagaan
organisasi tata kelola pemerintahan satuan perangkat unit pelaksana teknis puskesmas rumah sakit umum posyandu
imunisasi gizi stunting balita ibu hamil penyakit menular demam berdarah pencegahan penanganan bencana banjir
kebakaran darurat relawan bantuan sosial warga miskin lansia disabilitas sekolah dasar menengah guru siswa beasiswa
jalan jembatan drainase irigasi air bersih sanitasi lingkungan hidup sampah kebersihan taman ruang terbuka hijau
transportasi angkutan parkir lalu lintas pasar perdagangan industri koperasi pertanian perikanan peternakan pangan
pariwisata kebudayaan olahraga pemuda festival hari jadi upacara peringatan kemerdekaan agustus`.split(/\s+/);

const SUBJECT_HEADS = ['Permohonan', 'Undangan', 'Pemberitahuan', 'Laporan', 'Penyampaian', 'Usulan', 'Penetapan', 'Pengajuan', 'Pelaksanaan',
  'Surat Edaran', 'Perubahan Jadwal', 'Pembatalan', 'Penugasan', 'Permintaan Data', 'Rekomendasi', 'Undangan Rapat Koordinasi', 'Disposisi'];
const SUBJECT_OBJECTS = ['izin penggunaan gedung', 'rapat koordinasi', 'kegiatan sosialisasi', 'pengadaan barang dan jasa', 'pelatihan teknis',
  'perjalanan dinas', 'kenaikan pangkat', 'cuti tahunan', 'pemusnahan arsip', 'laporan realisasi anggaran', 'survei kepuasan masyarakat',
  'pelayanan kependudukan', 'penanganan stunting', 'imunisasi balita', 'peringatan hari jadi', 'evaluasi kinerja', 'perbaikan jalan',
  'bantuan sosial', 'pemeriksaan inspektorat', 'pengembangan aplikasi', 'keamanan siber', 'penyusunan rencana kerja', 'mutasi pegawai'];
const FIRST = ['Agus', 'Budi', 'Siti', 'Dewi', 'Rina', 'Joko', 'Sri', 'Ahmad', 'Nur', 'Eko', 'Wahyu', 'Retno', 'Hendra', 'Yuni', 'Bambang', 'Lestari', 'Fajar', 'Indah', 'Rudi', 'Ayu'];
const LAST = ['Santoso', 'Wibowo', 'Rahayu', 'Hidayat', 'Setiawan', 'Kurniawan', 'Wulandari', 'Prasetyo', 'Saputra', 'Susanti', 'Nugroho', 'Handayani', 'Purnomo', 'Maharani'];
export const CLASSIFICATIONS = ['000.8.3.3', '000.1.2.3', '000.9.2', '100.3.1', '300.2.1', '400.7.2', '500.6.1', '600.1.3', '700.1.2', '800.1.2.3', '900.1.1'];

/** The benchmark's query words: chosen so each class has a known frequency. */
export const RARE_WORD = 'kelelawar';
export const MID_WORD = 'vaksinasi';
export const MID_SHARE = 0.02;
/** One letter in this many holds the rare word. */
export const RARE_EVERY = 20011;

function syllableWord(r: () => number): string {
  const c = 'bcdfghjklmnprstwy';
  const v = 'aiueo';
  let w = '';
  const n = 2 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) w += c[Math.floor(r() * c.length)] + v[Math.floor(r() * v.length)];
  return w + (r() < 0.3 ? 'n' : '');
}

export interface Corpus {
  sample: () => string;
  r: () => number;
}

/** The vocabulary: the real words in order, then 40,000 tail words; rank k drawn with weight 1/k. */
export function corpus(seed: number): Corpus {
  const r = rng(seed);
  const tail = new Set<string>();
  while (tail.size < 40_000) tail.add(syllableWord(r));
  const vocab = [...new Set(HEAD_WORDS), ...[...tail].filter((w) => w !== RARE_WORD && w !== MID_WORD)];
  const cdf = new Float64Array(vocab.length);
  let sum = 0;
  for (let k = 0; k < vocab.length; k++) cdf[k] = sum += 1 / (k + 1);
  const sample = (): string => {
    const x = r() * sum;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return vocab[lo];
  };
  return { sample, r };
}

export const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)];

export interface GeneratedLetter {
  subject: string;
  body: string;
  names: string;
  number: string;
}

export function generateLetter(c: Corpus, i: number, unitCode: string, year: number, seq: number): GeneratedLetter {
  const { r, sample } = c;
  const classification = pick(r, CLASSIFICATIONS);
  const number = `${classification}/${seq}/${unitCode}/${year}`;
  const subject = `${pick(r, SUBJECT_HEADS)} ${pick(r, SUBJECT_OBJECTS)} ${sample()} ${sample()}`;
  const sentences: string[] = [];
  if (r() < 0.85) sentences.push(`Menindaklanjuti surat ${pick(r, ['Kepala', 'Sekretaris', 'Walikota'])} nomor ${pick(r, CLASSIFICATIONS)}/${Math.floor(r() * 900) + 1}/${unitCode}/${year} perihal ${subject.toLowerCase()}`);
  const n = 3 + Math.floor(r() * 5);
  for (let s = 0; s < n; s++) {
    const len = 8 + Math.floor(r() * 12);
    const words: string[] = [];
    for (let k = 0; k < len; k++) words.push(sample());
    sentences.push(words.join(' '));
  }
  if (r() < MID_SHARE) sentences.push(`dalam rangka ${MID_WORD} lanjutan bagi warga`);
  if (i % RARE_EVERY === 7) sentences.push(`termasuk penanganan ${RARE_WORD} di gedung arsip`);
  sentences.push('Demikian disampaikan, atas perhatian dan kerja samanya diucapkan terima kasih');
  const names = `${pick(r, FIRST)} ${pick(r, LAST)}, ${pick(r, FIRST)} ${pick(r, LAST)}`;
  return { subject, body: sentences.map((s) => s[0].toUpperCase() + s.slice(1)).join('. ') + '.', names, number };
}

/** Weighted fields into both literals (stemmed with weights; plain positions continue across fields). */
export function vectors(fields: { text: string; weight: TsvectorWeight }[]): { document: string; plain: string } {
  const stemmed = new Map<string, string[]>();
  const plain = new Map<string, number[]>();
  let offset = 0;
  for (const f of fields) {
    const terms: AnalyzedTerm[] = analyzeText(f.text);
    let last = 0;
    for (const t of terms) {
      const pos = Math.min(offset + t.position, 16383);
      last = t.position;
      const s = stemmed.get(t.stem) ?? (stemmed.set(t.stem, []), stemmed.get(t.stem)!);
      if (s.length < 255) s.push(`${pos}${f.weight === 'D' ? '' : f.weight}`);
      const p = plain.get(t.word) ?? (plain.set(t.word, []), plain.get(t.word)!);
      if (p.length < 255) p.push(pos);
    }
    offset += last + 1;
  }
  const lit = <T>(m: Map<string, T[]>) => [...m].map(([k, v]) => `${quoteLexeme(k)}:${[...new Set(v)].join(',')}`).join(' ');
  return { document: lit(stemmed), plain: lit(plain) };
}
