import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema';
import { formatCalendarDate } from '../../format/dates';

type Berkas = components['schemas']['BerkasDto'];

/** The facts of a berkas in one wrapping line: code, unit, period, letters, status, retention, hold. */
export function BerkasFacts({ berkas: b }: { berkas: Berkas }) {
  const { t } = useTranslation();
  return (
    <dl className="archive-facts">
      <div>
        <dt>{t('archive.berkas.classification')}</dt>
        <dd>
          {b.classificationCode} {b.classificationName}
        </dd>
      </div>
      <div>
        <dt>{t('archive.berkas.unit')}</dt>
        <dd>{b.unitName}</dd>
      </div>
      <div>
        <dt>{t('archive.berkas.period')}</dt>
        <dd>{b.kurunWaktu || '—'}</dd>
      </div>
      <div>
        <dt>{t('archive.berkas.items')}</dt>
        <dd>{b.itemCount}</dd>
      </div>
      <div>
        <dt>{t('archive.berkas.status')}</dt>
        <dd>{b.statusLabel}</dd>
      </div>
      <div>
        <dt>{t('archive.berkas.retention')}</dt>
        <dd>
          {t('archive.retentionLine', { active: b.retention.activeYears, inactive: b.retention.inactiveYears, disposition: b.retention.dispositionLabel })}
        </dd>
      </div>
      {b.retention.inactiveUntil && (
        <div>
          <dt>{t('archive.berkas.inactiveUntil')}</dt>
          <dd>{formatCalendarDate(b.retention.inactiveUntil)}</dd>
        </div>
      )}
      {b.legalHold && (
        <div>
          <dt>{t('archive.hold.title')}</dt>
          <dd>{b.legalHold.reason}</dd>
        </div>
      )}
    </dl>
  );
}
