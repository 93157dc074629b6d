/**
 * Where the Sastrawi stemmer still gets a word of government letters wrong, measured by
 * `morphology.spec.ts` and `npm run bench -- morphology`. Each family names the root and the
 * forms as written; a form listed here is never passed to the stemmer.
 *
 * Why each is needed:
 * - the dictionary holds a spurious or unrelated root that wins over the right one
 *   (menilai → "ilai", memindahkan → "indah", pengawalan → "awal", penyusutan → "usut",
 *   memutuskan → "utus", penantian → "anti", penyampaian → "ampai", pemilikan → "ili");
 * - the root is missing, so the word comes back unchanged (mengelola, mengembangkan,
 *   mengevaluasi, mengembalikan, menandatangani);
 * - the spelling varies in letters (ijin / izin, perijinan / perizinan).
 *
 * The root list is hunspell-id's (root-words.ts, which also drops a few of its entries); the
 * Kateglo list Sastrawi ships is not used.
 */
export const STEM_EXCEPTION_FAMILIES: readonly { root: string; forms: readonly string[] }[] = [
  { root: 'izin', forms: ['ijin', 'perijinan', 'mengijinkan', 'diijinkan', 'perizinan', 'mengizinkan', 'diizinkan'] },
  { root: 'nilai', forms: ['menilai', 'dinilai', 'penilaian', 'penilai', 'nilai'] },
  { root: 'pindah', forms: ['memindahkan', 'dipindahkan', 'pemindahan', 'perpindahan', 'berpindah'] },
  { root: 'kawal', forms: ['pengawalan', 'mengawal', 'dikawal', 'pengawal'] },
  { root: 'susut', forms: ['penyusutan', 'menyusutkan', 'disusutkan', 'penyusut'] },
  { root: 'putus', forms: ['memutuskan', 'diputuskan', 'keputusan', 'putusan', 'memutus'] },
  { root: 'nanti', forms: ['penantian', 'menanti', 'dinanti', 'menantikan', 'dinantikan'] },
  { root: 'sampai', forms: ['penyampaian', 'menyampaikan', 'disampaikan', 'tersampaikan'] },
  { root: 'milik', forms: ['pemilikan', 'kepemilikan', 'memiliki', 'dimiliki', 'pemilik'] },
  { root: 'kelola', forms: ['pengelolaan', 'mengelola', 'dikelola', 'pengelola', 'terkelola'] },
  { root: 'kembang', forms: ['pengembangan', 'mengembangkan', 'dikembangkan', 'perkembangan', 'berkembang'] },
  { root: 'evaluasi', forms: ['mengevaluasi', 'dievaluasi', 'pengevaluasian'] },
  { root: 'kembali', forms: ['pengembalian', 'mengembalikan', 'dikembalikan'] },
  { root: 'kunjung', forms: ['mengunjungi', 'dikunjungi', 'kunjungan', 'berkunjung', 'pengunjung'] },
  { root: 'tagih', forms: ['penagihan', 'menagih', 'ditagih', 'tagihan'] },
  // hunspell-id's list (since the Kateglo list was replaced): menyetujui, disetujui → "tuju".
  { root: 'setuju', forms: ['persetujuan', 'menyetujui', 'disetujui', 'setujui', 'penyetujuan', 'bersetuju'] },
  {
    root: 'tandatangan',
    forms: ['penandatanganan', 'menandatangani', 'ditandatangani', 'tandatangan', 'penandatangan', 'bertandatangan'],
  },
];

/** Roots added to Sastrawi's dictionary, so the rules find them inside longer words. */
export const EXTRA_ROOTS: readonly string[] = ['beritahu', 'tanggungjawab', 'tandatangan', 'susut', 'kelola'];

export const STEM_EXCEPTIONS: ReadonlyMap<string, string> = new Map(
  STEM_EXCEPTION_FAMILIES.flatMap((f) => f.forms.map((form) => [form, f.root] as const)),
);
