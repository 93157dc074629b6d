import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import type { components } from '../../api/schema';
import './settings.css';

type Preferences = components['schemas']['NotificationPreferencesDto'];
type Choices = Preferences['channels'];
type Kind = keyof Choices;
type Channel = keyof Choices[Kind];

const KINDS: Kind[] = ['review', 'signature', 'disposition', 'deadline'];
const CHANNELS: Channel[] = ['inApp', 'email', 'whatsapp'];

/** Pengaturan Notifikasi: per kind of notice, in the app, by e-mail, by WhatsApp; the daily digest; the WhatsApp number. */
export default function NotificationSettingsPage() {
  const { t } = useTranslation();
  const [prefs, setPrefs] = useState<Preferences | null>(null);
  const [channels, setChannels] = useState<Choices | null>(null);
  const [digest, setDigest] = useState(false);
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    document.title = `${t('notifPrefs.title')} · ${t('app.name')}`;
  }, [t]);

  const show = (p: Preferences) => {
    setPrefs(p);
    setChannels(p.channels);
    setDigest(p.digest);
    setPhone(p.phone ?? '');
  };

  useEffect(() => {
    let live = true;
    unwrap(api.GET('/api/v1/me/notification-preferences'))
      .then((p) => live && show(p))
      .catch((err) => live && setError(errorMessage(t, err)));
    return () => {
      live = false;
    };
  }, [t]);

  /** Why a channel cannot be chosen, or null when it can. */
  const blocked = (channel: Channel): string | null => {
    if (!prefs || channel === 'inApp') return null;
    if (channel === 'email') return !prefs.available.email ? t('notifPrefs.emailOff') : !prefs.email ? t('notifPrefs.noEmail') : null;
    return !prefs.available.whatsapp ? t('notifPrefs.whatsappOff') : !phone.trim() ? t('notifPrefs.noPhone') : null;
  };

  const toggle = (kind: Kind, channel: Channel, on: boolean) => {
    setSaved(false);
    setChannels((c) => (c ? { ...c, [kind]: { ...c[kind], [channel]: on } } : c));
  };

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!channels) return;
    setSaving(true);
    setError(null);
    setSaved(false);
    // A channel that cannot be used is sent as off, so a number removed turns WhatsApp off rather than failing.
    const body = Object.fromEntries(KINDS.map((k) => [k, Object.fromEntries(CHANNELS.map((c) => [c, channels[k][c] && !blocked(c)]))])) as Choices;
    try {
      const next = await unwrap(
        api.PUT('/api/v1/me/notification-preferences', { body: { channels: body, digest, phone: phone.trim() ? phone.trim().replace(/^\+/, '') : null } }),
      );
      show(next);
      setSaved(true);
    } catch (err) {
      setError(err instanceof ApiError ? t(`notifPrefs.errors.${err.code}`, { defaultValue: errorMessage(t, err) }) : errorMessage(t, err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="notif-prefs">
      <h1>{t('notifPrefs.title')}</h1>
      <p className="hint">{t('notifPrefs.intro')}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!prefs || !channels ? (
        !error && <p className="loading">{t('app.loading')}</p>
      ) : (
        <form onSubmit={onSubmit} noValidate>
          <div className="field">
            <label htmlFor="notif-phone">{t('notifPrefs.phone')}</label>
            <input
              id="notif-phone"
              type="tel"
              inputMode="numeric"
              autoComplete="tel"
              aria-describedby="notif-phone-hint"
              value={phone}
              onChange={(e) => {
                setSaved(false);
                setPhone(e.target.value);
              }}
            />
            <span id="notif-phone-hint" className="hint">
              {t('notifPrefs.phoneHint')}
            </span>
          </div>
          <p className="hint">{prefs.email ? t('notifPrefs.emailIs', { email: prefs.email }) : t('notifPrefs.noEmail')}</p>
          {KINDS.map((kind) => (
            <fieldset key={kind} className="card notif-kind">
              <legend>{t(`notifPrefs.kinds.${kind}`)}</legend>
              {CHANNELS.map((channel) => {
                const why = blocked(channel);
                const id = `notif-${kind}-${channel}`;
                return (
                  <div key={channel} className="notif-channel">
                    <label className="check" htmlFor={id}>
                      <input
                        id={id}
                        type="checkbox"
                        checked={channels[kind][channel] && !why}
                        disabled={Boolean(why)}
                        aria-describedby={why ? `${id}-why` : undefined}
                        onChange={(e) => toggle(kind, channel, e.target.checked)}
                      />
                      <span>{t(`notifPrefs.channels.${channel}`)}</span>
                    </label>
                    {why && (
                      <span id={`${id}-why`} className="hint">
                        {why}
                      </span>
                    )}
                  </div>
                );
              })}
            </fieldset>
          ))}
          <label className="check notif-digest" htmlFor="notif-digest">
            <input
              id="notif-digest"
              type="checkbox"
              checked={digest}
              onChange={(e) => {
                setSaved(false);
                setDigest(e.target.checked);
              }}
            />
            <span>{t('notifPrefs.digest')}</span>
          </label>
          <button type="submit" className="button primary" disabled={saving}>
            {t('notifPrefs.save')}
          </button>
          <p role="status" className={saved ? 'notice' : 'visually-hidden'}>
            {saved ? t('notifPrefs.saved') : ''}
          </p>
        </form>
      )}
    </section>
  );
}
