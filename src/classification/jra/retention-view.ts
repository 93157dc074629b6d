import { FINAL_DISPOSITION_LABEL, Retention, RETENTION_TRIGGER_LABEL } from './jra';
import type { RetentionDto } from './dto/jra.dto';

/** A retention as the API shows it, with the Indonesian labels beside the codes. */
export function retentionView(r: Retention): RetentionDto {
  return {
    activeYears: r.activeYears,
    inactiveYears: r.inactiveYears,
    trigger: r.trigger,
    triggerLabel: RETENTION_TRIGGER_LABEL[r.trigger],
    disposition: r.disposition,
    dispositionLabel: FINAL_DISPOSITION_LABEL[r.disposition],
    note: r.note,
    definedAt: r.definedAt,
  };
}
