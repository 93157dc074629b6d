/**
 * The measure of a stemmer for letters (`morphology.spec.ts`, `npm run bench -- morphology`):
 * pairs of forms of one root, mostly words of government letters, which must stem alike,
 * and pairs of look-alike words of different roots, which must not.
 */
export const SAME_ROOT_PAIRS: readonly (readonly [string, string])[] = [
  ['permohonan', 'memohon'], ['permohonan', 'mohon'], ['kependudukan', 'penduduk'],
  ['perencanaan', 'rencana'], ['merencanakan', 'perencanaan'], ['pelaksanaan', 'melaksanakan'],
  ['pemberitahuan', 'memberitahukan'], ['perubahan', 'ubah'], ['mengubah', 'perubahan'],
  ['pelayanan', 'layanan'], ['melayani', 'pelayanan'], ['perizinan', 'izin'], ['perijinan', 'izin'],
  ['undangan', 'mengundang'], ['diundang', 'undangan'], ['pemusnahan', 'musnah'],
  ['dimusnahkan', 'pemusnahan'], ['disposisi', 'mendisposisikan'], ['didisposisikan', 'disposisi'],
  ['keputusan', 'memutuskan'], ['diputuskan', 'keputusan'], ['penetapan', 'menetapkan'],
  ['ditetapkan', 'penetapan'], ['pengangkatan', 'diangkat'], ['pemberhentian', 'diberhentikan'],
  ['penyusutan', 'menyusutkan'], ['kearsipan', 'arsip'], ['pengarsipan', 'diarsipkan'],
  ['penyelenggaraan', 'menyelenggarakan'], ['pengumuman', 'mengumumkan'], ['pelaporan', 'laporan'],
  ['melaporkan', 'laporan'], ['pengajuan', 'mengajukan'], ['pengesahan', 'mengesahkan'],
  ['persetujuan', 'menyetujui'], ['disetujui', 'persetujuan'], ['penandatanganan', 'menandatangani'],
  ['ditandatangani', 'penandatanganan'], ['penerimaan', 'menerima'], ['pengiriman', 'mengirimkan'],
  ['dikirim', 'pengiriman'], ['penugasan', 'ditugaskan'], ['pembinaan', 'membina'],
  ['pengembangan', 'mengembangkan'], ['pembangunan', 'membangun'], ['pengelolaan', 'mengelola'],
  ['penyampaian', 'menyampaikan'], ['disampaikan', 'penyampaian'], ['koordinasi', 'mengoordinasikan'],
  ['berkoordinasi', 'koordinasi'], ['evaluasi', 'mengevaluasi'], ['verifikasi', 'memverifikasi'],
  ['rekomendasi', 'merekomendasikan'], ['sosialisasi', 'mensosialisasikan'], ['penganggaran', 'anggaran'],
  ['pengawasan', 'mengawasi'], ['pemeriksaan', 'memeriksa'], ['penilaian', 'menilai'],
  ['pelatihan', 'melatih'], ['kunjungan', 'mengunjungi'], ['pembayaran', 'membayar'],
  ['penagihan', 'tagihan'], ['kepegawaian', 'pegawai'], ['kenaikan', 'menaikkan'],
  ['kepangkatan', 'pangkat'], ['pejabat', 'jabatan'], ['pekerjaan', 'bekerja'],
  ['pembatalan', 'membatalkan'], ['perpanjangan', 'memperpanjang'], ['pencabutan', 'mencabut'],
  ['penghapusan', 'dihapuskan'], ['pemindahan', 'memindahkan'], ['penyerahan', 'menyerahkan'],
  ['peminjaman', 'meminjam'], ['pengembalian', 'mengembalikan'], ['kesehatan', 'sehat'],
  ['pendidikan', 'mendidik'], ['keuangan', 'uang'], ['perjalanan', 'berjalan'],
  ['pertanggungjawaban', 'mempertanggungjawabkan'], ['peraturan', 'mengatur'],
];

export const DIFFERENT_ROOT_PAIRS: readonly (readonly [string, string])[] = [
  ['perumahan', 'perumusan'], ['penataan', 'penantian'], ['kesehatan', 'kesatuan'],
  ['pembangunan', 'pembagian'], ['pelayanan', 'pelayaran'], ['perhubungan', 'perlindungan'],
  ['pengawasan', 'pengawalan'], ['pendidikan', 'penduduk'], ['perikanan', 'perizinan'],
  ['pertanian', 'pertahanan'], ['kebudayaan', 'kebutuhan'], ['peraturan', 'perbatasan'],
  ['anggaran', 'angkatan'], ['keuangan', 'kejaksaan'], ['kecamatan', 'kecepatan'],
  ['kelurahan', 'keluarga'], ['pemilihan', 'pemilikan'], ['penilaian', 'penelitian'],
  ['pengadaan', 'pengaduan'], ['surat', 'surut'], ['makan', 'makam'], ['berita', 'cerita'],
  ['pemindahan', 'keindahan'], ['memutuskan', 'mengutus'], ['penyusutan', 'pengusutan'],
];
