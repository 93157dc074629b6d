/**
 * Indonesian function words kept out of the index and out of queries: conjunctions,
 * prepositions, pronouns, particles, auxiliaries and the abbreviations letters are full of.
 * Matched on the word as written (before stemming), so `ada` is a stop word but `pengadaan`
 * is indexed. Content words of letters (surat, nomor, tanggal, dinas ...) are not stop words:
 * a search for them must work, however common they are.
 */
export const INDONESIAN_STOP_WORDS: ReadonlySet<string> = new Set([
  // conjunctions and connectives
  'dan', 'atau', 'serta', 'tetapi', 'tapi', 'namun', 'melainkan', 'sedangkan', 'padahal',
  'bahwa', 'karena', 'sebab', 'sehingga', 'maka', 'agar', 'supaya', 'jika', 'jikalau',
  'apabila', 'bila', 'kalau', 'meskipun', 'walaupun', 'walau', 'biarpun', 'seperti',
  'yaitu', 'yakni', 'ialah', 'adalah', 'merupakan', 'sebagai', 'bagaimana', 'demikian',
  'hingga', 'sampai', 'lalu', 'kemudian', 'selanjutnya', 'sedang', 'ketika', 'saat',
  'sejak', 'selama', 'sebelum', 'sesudah', 'setelah', 'sambil', 'seraya',
  // prepositions
  'di', 'ke', 'dari', 'pada', 'kepada', 'daripada', 'dalam', 'untuk', 'bagi', 'dengan',
  'oleh', 'tentang', 'terhadap', 'atas', 'antara', 'akan', 'per', 'tanpa', 'menurut',
  'sekitar', 'melalui', 'mengenai', 'guna', 'demi',
  // determiners, quantifiers, demonstratives
  'yang', 'ini', 'itu', 'tersebut', 'para', 'sang', 'si', 'sebuah', 'suatu', 'setiap',
  'tiap', 'semua', 'seluruh', 'segala', 'masing', 'beberapa', 'berbagai', 'sejumlah',
  'lain', 'lainnya', 'sini', 'situ', 'sana',
  // pronouns
  'saya', 'aku', 'kami', 'kita', 'kamu', 'engkau', 'anda', 'dia', 'ia', 'beliau',
  'mereka', 'kalian', 'nya', 'diri', 'sendiri',
  // auxiliaries, adverbs, negation
  'ada', 'telah', 'sudah', 'belum', 'masih', 'akan', 'sedang', 'pernah', 'juga', 'pula',
  'lagi', 'hanya', 'saja', 'pun', 'tidak', 'tak', 'bukan', 'jangan', 'dapat', 'bisa',
  'harus', 'perlu', 'mau', 'ingin', 'boleh', 'sangat', 'amat', 'lebih', 'paling',
  'cukup', 'agak', 'secara', 'sebagaimana', 'adapun', 'apa', 'siapa', 'mana', 'kapan',
  'mengapa', 'kenapa', 'apakah',
  // particles
  'lah', 'kah', 'tah', 'dong', 'kok', 'pun', 'ya',
  // abbreviations of letters
  'yth', 'dll', 'dsb', 'dst', 'tsb', 'cq', 'up',
]);

export function isStopWord(word: string): boolean {
  return INDONESIAN_STOP_WORDS.has(word);
}
