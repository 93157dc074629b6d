import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { errorMessage } from '../api/errors';
import { paths } from '../app/routes';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useSession } from './session';

/** Only a path of this app is a place to return to: never another site. */
function safeReturn(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith(paths.login) ? value : paths.home;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { state, login } = useSession();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = `${t('login.title')} · ${t('app.name')}`;
  }, [t]);

  if (state.status === 'active') return <Navigate to={safeReturn(params.get('kembali'))} replace />;

  const reason = params.get('alasan');
  const notice = reason === 'ended' ? t('login.sessionEnded') : reason === 'loggedOut' ? t('login.loggedOut') : null;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
    } catch (err) {
      setError(errorMessage(t, err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login" id="isi">
      <form className="card login-card" onSubmit={onSubmit} noValidate>
        <h1>{t('login.title')}</h1>
        {notice && !error && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <label className="field">
          <span>{t('login.username')}</span>
          <input name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} required value={username} onChange={(e) => setUsername(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('login.password')}</span>
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button type="submit" className="button primary" disabled={busy || !username || !password}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
        <LanguageSwitch />
      </form>
    </main>
  );
}
