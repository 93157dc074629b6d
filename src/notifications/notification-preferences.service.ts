import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { WhatsAppGateway } from './channels/whatsapp.gateway';
import { NotificationPreferencesDto, UpdateNotificationPreferencesDto } from './dto/notification-preferences.dto';
import { NotificationError, NotificationErrorCode } from './notifications.errors';
import { ChannelChoices, effectiveChoices, NOTIFICATION_KINDS } from './notification-preferences';

interface PreferenceRow {
  email: string | null;
  phone: string | null;
  channels: ChannelChoices | null;
  digest: boolean | null;
}

/** A person's own notification settings: read and replaced by that person only (the route takes no id). */
@Injectable()
export class NotificationPreferencesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig,
    private readonly whatsapp: WhatsAppGateway,
  ) {}

  async get(personId: string): Promise<NotificationPreferencesDto> {
    const [row]: PreferenceRow[] = await this.db.query(
      `SELECT p.email, p.phone, np.channels, np.digest FROM person p LEFT JOIN notification_preference np ON np.person_id = p.id WHERE p.id = $1`,
      [personId],
    );
    return {
      channels: effectiveChoices(row?.channels ?? null, { email: row?.email ?? null, phone: row?.phone ?? null }),
      digest: row?.digest ?? false,
      saved: row?.channels != null,
      email: row?.email ?? null,
      phone: row?.phone ?? null,
      available: { email: this.config.SMTP_ENABLED, whatsapp: this.whatsapp.enabled },
    };
  }

  /** Replaces the choices (and the WhatsApp number when given); a channel chosen must be one the person can be reached by. */
  async put(personId: string, dto: UpdateNotificationPreferencesDto): Promise<NotificationPreferencesDto> {
    const current = await this.get(personId);
    const phone = dto.phone === undefined ? current.phone : dto.phone;
    const chosen = (channel: 'email' | 'whatsapp') => NOTIFICATION_KINDS.filter((k) => dto.channels[k][channel]);
    if (chosen('email').length > 0) {
      if (!current.available.email) throw new NotificationError(NotificationErrorCode.CHANNEL_NOT_AVAILABLE, 'E-mail notices are not offered here (SMTP is off)', { channel: 'email' });
      if (!current.email) throw new NotificationError(NotificationErrorCode.EMAIL_ADDRESS_MISSING, 'You have no e-mail address; ask an administrator to set it', { kinds: chosen('email') });
    }
    if (chosen('whatsapp').length > 0) {
      if (!current.available.whatsapp) throw new NotificationError(NotificationErrorCode.CHANNEL_NOT_AVAILABLE, 'WhatsApp notices are not offered here (no gateway)', { channel: 'whatsapp' });
      if (!phone) throw new NotificationError(NotificationErrorCode.PHONE_NUMBER_MISSING, 'Give a WhatsApp number to receive notices by WhatsApp', { kinds: chosen('whatsapp') });
    }
    const channels = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, { inApp: dto.channels[k].inApp, email: dto.channels[k].email, whatsapp: dto.channels[k].whatsapp }]));
    await this.db.transaction(async (tx) => {
      if (dto.phone !== undefined) await tx.query(`UPDATE person SET phone = $2, updated_at = now() WHERE id = $1`, [personId, dto.phone]);
      await tx.query(
        `INSERT INTO notification_preference (person_id, channels, digest) VALUES ($1, $2::jsonb, $3)
         ON CONFLICT (person_id) DO UPDATE SET channels = EXCLUDED.channels, digest = EXCLUDED.digest, updated_at = now()`,
        [personId, JSON.stringify(channels), dto.digest],
      );
    });
    return this.get(personId);
  }
}
