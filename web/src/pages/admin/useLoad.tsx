import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';
import { errorMessage } from '../../api/errors';

/** The admin pages' words for an error code, else the app's. */
export function adminError(t: TFunction, err: unknown): string {
  return err instanceof ApiError ? t(`admin.errors.${err.code}`, { defaultValue: errorMessage(t, err) }) : errorMessage(t, err);
}

/** Loads data for a section; `reload` fetches again after a change. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []): { data: T | null; error: string | null; reload: () => void } {
  const { t } = useTranslation();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setError(null);
    run()
      .then((d) => live && setData(d))
      .catch((err) => live && setError(adminError(t, err)));
    return () => {
      live = false;
    };
  }, [run, round, t]);
  return { data, error, reload: () => setRound((r) => r + 1) };
}

/** Runs an action, keeps its error in words, and tells whether it is running. */
export function useAction(): { busy: boolean; error: string | null; run: (action: () => Promise<void>) => Promise<boolean>; clear: () => void } {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(action: () => Promise<void>): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (err) {
      setError(adminError(t, err));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run, clear: () => setError(null) };
}

export function Status({ error, loading }: { error: string | null; loading: boolean }) {
  const { t } = useTranslation();
  if (error) {
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  }
  if (loading) {
    return (
      <p className="loading" role="status">
        {t('app.loading')}
      </p>
    );
  }
  return null;
}
