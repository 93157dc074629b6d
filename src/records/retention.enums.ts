/** What starts a berkas's retention clock (the "keterangan" column of the JRA). */
export enum RetentionTrigger {
  Created = 'dibuat',
  BerkasClosed = 'berkas_ditutup',
  NoLongerInForce = 'tidak_berlaku',
  ActivityAccountedFor = 'kegiatan_dipertanggungjawabkan',
  Audited = 'diaudit',
  CaseSettled = 'perkara_selesai',
}

export const RETENTION_TRIGGER_LABEL: Record<RetentionTrigger, string> = {
  [RetentionTrigger.Created]: 'Setelah dibuat',
  [RetentionTrigger.BerkasClosed]: 'Setelah berkas ditutup',
  [RetentionTrigger.NoLongerInForce]: 'Setelah tidak berlaku',
  [RetentionTrigger.ActivityAccountedFor]: 'Setelah kegiatan dipertanggungjawabkan',
  [RetentionTrigger.Audited]: 'Setelah diaudit',
  [RetentionTrigger.CaseSettled]: 'Setelah perkara selesai (berkekuatan hukum tetap)',
};

/** Triggers whose day the archivist records (the system cannot see an audit or a court ruling). */
export const EVENT_TRIGGERS: readonly RetentionTrigger[] = [
  RetentionTrigger.NoLongerInForce,
  RetentionTrigger.ActivityAccountedFor,
  RetentionTrigger.Audited,
  RetentionTrigger.CaseSettled,
];

/** Nasib akhir (final disposition) once the inactive retention is over. */
export enum FinalDisposition {
  Destroy = 'musnah',
  Permanent = 'permanen',
  Review = 'dinilai_kembali',
}

export const FINAL_DISPOSITION_LABEL: Record<FinalDisposition, string> = {
  [FinalDisposition.Destroy]: 'Musnah',
  [FinalDisposition.Permanent]: 'Permanen',
  [FinalDisposition.Review]: 'Dinilai Kembali',
};
