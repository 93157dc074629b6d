import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, Matches, ValidateIf, ValidateNested } from 'class-validator';

/** Where one kind of notice reaches the person. */
export class ChannelChoiceDto {
  /** In the bell of the web app. */
  @IsBoolean()
  inApp: boolean;

  /** By e-mail to the person's address (set by an administrator). */
  @IsBoolean()
  email: boolean;

  /** By WhatsApp to `phone`. */
  @IsBoolean()
  whatsapp: boolean;
}

/** The choice per kind of notice. */
export class ChannelChoicesDto {
  /** A draft waits for the person's paraf (pemeriksaan). */
  @ValidateNested()
  @Type(() => ChannelChoiceDto)
  review: ChannelChoiceDto;

  /** A letter waits for the person's signature (TTE). */
  @ValidateNested()
  @Type(() => ChannelChoiceDto)
  signature: ChannelChoiceDto;

  /** A disposition to the person, or a report on one they sent. */
  @ValidateNested()
  @Type(() => ChannelChoiceDto)
  disposition: ChannelChoiceDto;

  /** Work past its deadline (the person's subordinates', or a disposition they sent). */
  @ValidateNested()
  @Type(() => ChannelChoiceDto)
  deadline: ChannelChoiceDto;
}

export class UpdateNotificationPreferencesDto {
  @ValidateNested()
  @Type(() => ChannelChoicesDto)
  channels: ChannelChoicesDto;

  /** One e-mail / WhatsApp message a day (from NOTIFY_DIGEST_HOUR, WIB) instead of one per notice. */
  @IsBoolean()
  digest: boolean;

  /** WhatsApp number, international form without "+" (62...), 8-15 digits; null removes it. Left out: unchanged. */
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Matches(/^[1-9]\d{7,14}$/, { message: 'phone is 8-15 digits in international form without "+", e.g. 6281234567890' })
  phone?: string | null;
}

/** The channels this deployment can send by. */
export class AvailableChannelsDto {
  /** SMTP is configured (SMTP_ENABLED). */
  email: boolean;
  /** A WhatsApp gateway is configured (WHATSAPP_GATEWAY_URL). */
  whatsapp: boolean;
}

export class NotificationPreferencesDto {
  channels: ChannelChoicesDto;
  digest: boolean;
  /** False while the person never chose: `channels` are the defaults. */
  saved: boolean;
  /** The person's e-mail address, as an administrator set it. */
  email: string | null;
  phone: string | null;
  available: AvailableChannelsDto;
}
