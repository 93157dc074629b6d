import { toCsv } from '../letters/agenda/agenda-csv';
import { DashboardPhase, LettersPerMonthDto, OverdueDto, PendingDispositionsDto, PhaseTimesDto } from './dto/dashboard.dto';

const PHASE_LABEL: Record<DashboardPhase, string> = { [DashboardPhase.Review]: 'Pemeriksaan', [DashboardPhase.Signing]: 'Tanda tangan' };

/** Each figure as the CSV its download carries: the same rows as the JSON, headers in Bahasa Indonesia. */
export const dashboardCsv = {
  lettersPerMonth(d: LettersPerMonthDto): string {
    return toCsv(
      [
        { key: 'month', header: 'Bulan' },
        { key: 'typeLabel', header: 'Jenis Naskah' },
        { key: 'unitName', header: 'Unit' },
        { key: 'count', header: 'Jumlah' },
      ],
      d.rows.map((r) => ({ ...r })),
    );
  },
  phaseTimes(d: PhaseTimesDto): string {
    return toCsv(
      [
        { key: 'unitName', header: 'Unit' },
        { key: 'phase', header: 'Tahap' },
        { key: 'count', header: 'Jumlah' },
        { key: 'medianHours', header: 'Median (jam)' },
        { key: 'p90Hours', header: 'P90 (jam)' },
      ],
      d.rows.map((r) => ({ unitName: r.unitName ?? 'Semua unit', phase: PHASE_LABEL[r.phase], count: r.count, medianHours: hours(r.medianSeconds), p90Hours: hours(r.p90Seconds) })),
    );
  },
  overdue(d: OverdueDto): string {
    return toCsv(
      [
        { key: 'unitName', header: 'Unit' },
        { key: 'positionName', header: 'Jabatan' },
        { key: 'personName', header: 'Pegawai' },
        { key: 'count', header: 'Lewat Batas Waktu' },
        { key: 'oldestDueAt', header: 'Batas Waktu Terlama' },
      ],
      d.byPerson.map((r) => ({ ...r })),
    );
  },
  pendingDispositions(d: PendingDispositionsDto): string {
    return toCsv(
      [
        { key: 'unitName', header: 'Unit' },
        { key: 'positionName', header: 'Jabatan' },
        { key: 'personName', header: 'Pegawai' },
        { key: 'count', header: 'Belum Ditindaklanjuti' },
        { key: 'unread', header: 'Belum Dibaca' },
        { key: 'overdue', header: 'Lewat Batas Waktu' },
        { key: 'oldestSentAt', header: 'Terkirim Paling Lama' },
      ],
      d.rows.map((r) => ({ ...r })),
    );
  },
};

/** Seconds as hours with one decimal, as a spreadsheet reads a number. */
function hours(seconds: number): string {
  return (seconds / 3600).toFixed(1);
}
