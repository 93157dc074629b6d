/** The archive's addresses, in one place, so its pages, the menu and the tests agree. */
export const archivePaths = {
  home: '/arsip',
  berkas: '/arsip',
  berkasDetail: (id: string) => `/arsip/berkas/${id}`,
  daftar: '/arsip/daftar',
  jra: '/arsip/jra',
  due: '/arsip/jatuh-tempo',
  disposals: '/arsip/usul-musnah',
  letterText: (letterId: string) => `/surat/${letterId}/teks`,
} as const;
