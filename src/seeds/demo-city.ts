import { Role } from '../records/person.entity';

/** Pemerintah Kota Pekalongan, the demo city: every unit, position and person a tour of the product needs. */
export const DEMO_PASSWORD = 'Demo#2026';

/** Passphrase of the demo officials' signing keys (TTE); production never seeds them. */
export const DEMO_SIGNING_PASSPHRASE = 'Tte#2026';

export const demoUnits = [
  { code: 'Pemkot', name: 'Pemerintah Kota Pekalongan', parent: null, lines: ['PEMERINTAH KOTA PEKALONGAN'] },
  { code: 'Setda', name: 'Sekretariat Daerah', parent: 'Pemkot', lines: ['PEMERINTAH KOTA PEKALONGAN', 'SEKRETARIAT DAERAH'] },
  { code: 'Diskominfo', name: 'Dinas Komunikasi dan Informatika', parent: 'Pemkot', lines: ['PEMERINTAH KOTA PEKALONGAN', 'DINAS KOMUNIKASI DAN INFORMATIKA'] },
  { code: 'Aptika', name: 'Bidang Aplikasi Informatika', parent: 'Diskominfo', lines: ['PEMERINTAH KOTA PEKALONGAN', 'DINAS KOMUNIKASI DAN INFORMATIKA'] },
  { code: 'Dinkes', name: 'Dinas Kesehatan', parent: 'Pemkot', lines: ['PEMERINTAH KOTA PEKALONGAN', 'DINAS KESEHATAN'] },
] as const;

export const demoAddresses: Record<string, { address: string; phone: string; website: string }> = {
  Pemkot: { address: 'Jl. Mataram No. 1, Pekalongan 51111', phone: '(0285) 421093', website: 'pekalongankota.go.id' },
  Setda: { address: 'Jl. Mataram No. 1, Pekalongan 51111', phone: '(0285) 421093', website: 'setda.pekalongankota.go.id' },
  Diskominfo: { address: 'Jl. Sriwijaya No. 44, Pekalongan 51111', phone: '(0285) 423878', website: 'dinkominfo.pekalongankota.go.id' },
  Aptika: { address: 'Jl. Sriwijaya No. 44, Pekalongan 51111', phone: '(0285) 423878', website: 'dinkominfo.pekalongankota.go.id' },
  Dinkes: { address: 'Jl. Jetayu No. 1, Pekalongan 51152', phone: '(0285) 423042', website: 'dinkes.pekalongankota.go.id' },
};

export const demoPositions = [
  { code: 'WALIKOTA', name: 'Wali Kota Pekalongan', unit: 'Pemkot', superior: null, isHead: true, canSign: true },
  { code: 'SEKDA', name: 'Sekretaris Daerah', unit: 'Setda', superior: 'WALIKOTA', isHead: true, canSign: true },
  { code: 'ARSIPARIS-SETDA', name: 'Arsiparis Ahli Pertama', unit: 'Setda', superior: 'SEKDA', isHead: false, canSign: false },
  // Panitia Penilai Arsip: assess the disposal lists (usul musnah) before the Sekretaris Daerah approves them.
  { code: 'KETUA-PANITIA-PENILAI-ARSIP', name: 'Ketua Panitia Penilai Arsip', unit: 'Setda', superior: 'SEKDA', isHead: false, canSign: false },
  { code: 'ANGGOTA-PANITIA-PENILAI-ARSIP', name: 'Anggota Panitia Penilai Arsip', unit: 'Setda', superior: 'SEKDA', isHead: false, canSign: false },
  { code: 'KADIS-KOMINFO', name: 'Kepala Dinas Komunikasi dan Informatika', unit: 'Diskominfo', superior: 'SEKDA', isHead: true, canSign: true },
  { code: 'SEKDIS-KOMINFO', name: 'Sekretaris Dinas Komunikasi dan Informatika', unit: 'Diskominfo', superior: 'KADIS-KOMINFO', isHead: false, canSign: true },
  { code: 'KABID-APTIKA', name: 'Kepala Bidang Aplikasi Informatika', unit: 'Aptika', superior: 'KADIS-KOMINFO', isHead: true, canSign: true },
  { code: 'KASI-APTIKA', name: 'Kepala Seksi Pengembangan Aplikasi', unit: 'Aptika', superior: 'KABID-APTIKA', isHead: false, canSign: false },
  { code: 'STAF-APTIKA', name: 'Pranata Komputer', unit: 'Aptika', superior: 'KASI-APTIKA', isHead: false, canSign: false },
  { code: 'PENGADMINISTRASI-UMUM', name: 'Pengadministrasi Umum', unit: 'Diskominfo', superior: 'SEKDIS-KOMINFO', isHead: false, canSign: false },
  { code: 'KADIS-DINKES', name: 'Kepala Dinas Kesehatan', unit: 'Dinkes', superior: 'SEKDA', isHead: true, canSign: true },
] as const;

export const demoPeople = [
  { username: 'walikota', name: 'H. Achmad Afzan Arslan Djunaid, S.E.', nip: null, rank: null, nik: '3375010101800001', position: 'WALIKOTA', roles: [Role.Official] },
  { username: 'sekda', name: 'Dr. Ir. Nur Priyantomo, M.Si.', nip: '196805121994031007', rank: 'Pembina Utama Madya (IV/d)', nik: '3375010101680002', position: 'SEKDA', roles: [Role.Official] },
  { username: 'kadis.kominfo', name: 'Sri Budi Santoso, S.Sos., M.M.', nip: '197103151997031004', rank: 'Pembina Utama Muda (IV/c)', nik: '3375010101710003', position: 'KADIS-KOMINFO', roles: [Role.Official] },
  { username: 'sekdis.kominfo', name: 'Dewi Kartikasari, S.Kom., M.T.', nip: '197806202003122005', rank: 'Pembina Tingkat I (IV/b)', nik: '3375010101780004', position: 'SEKDIS-KOMINFO', roles: [Role.Official] },
  { username: 'kabid.aptika', name: 'Agus Setiawan, S.T., M.Kom.', nip: '198002142005011003', rank: 'Pembina (IV/a)', nik: '3375010101800005', position: 'KABID-APTIKA', roles: [Role.Official] },
  { username: 'kasi.aptika', name: 'Rina Marlina, S.Kom.', nip: '198509302010012008', rank: 'Penata Tingkat I (III/d)', nik: '3375010101850006', position: 'KASI-APTIKA', roles: [Role.Official] },
  { username: 'staf.kominfo', name: 'Bayu Prasetyo, A.Md.', nip: '199404112019031002', rank: 'Pengatur (II/c)', nik: '3375010101940007', position: 'STAF-APTIKA', roles: [Role.Staff] },
  { username: 'kadis.dinkes', name: 'dr. Slamet Budiyanto, M.Kes.', nip: '197009091998031006', rank: 'Pembina Utama Muda (IV/c)', nik: '3375010101700008', position: 'KADIS-DINKES', roles: [Role.Official] },
  { username: 'arsiparis', name: 'Siti Nurhaliza, S.I.P.', nip: '199001012015032001', rank: 'Penata (III/c)', nik: '3375010101900009', position: 'ARSIPARIS-SETDA', roles: [Role.Archivist, Role.Staff] },
  { username: 'tu.kominfo', name: 'Wahyu Hidayat', nip: '199607152020121003', rank: 'Pengatur Muda Tingkat I (II/b)', nik: '3375010101960010', position: 'PENGADMINISTRASI-UMUM', roles: [Role.Staff, Role.Registrar] },
  { username: 'ketua.ppa', name: 'Drs. Bambang Sutrisno, M.Si.', nip: '197204101998031005', rank: 'Pembina (IV/a)', nik: '3375010101720012', position: 'KETUA-PANITIA-PENILAI-ARSIP', roles: [Role.Official] },
  { username: 'anggota.ppa', name: 'Yuliana Pertiwi, S.H.', nip: '198303222008012004', rank: 'Penata Tingkat I (III/d)', nik: '3375010101830013', position: 'ANGGOTA-PANITIA-PENILAI-ARSIP', roles: [Role.Official] },
  { username: 'admin', name: 'Administrator Sistem', nip: null, rank: null, nik: null, position: null, roles: [Role.Admin] },
  // Inspektorat: reads the audit trail, not the letters.
  { username: 'inspektur', name: 'Retno Wulandari, S.E., Ak.', nip: '198107172006042011', rank: 'Penata Tingkat I (III/d)', nik: '3375010101810011', position: null, roles: [Role.Auditor] },
] as const;

export const DEMO_MODULE = { name: 'simpadu', description: 'SIMPADU: Sistem Informasi Pelayanan Perizinan Terpadu', scopes: ['approvals:read', 'approvals:write'] };
