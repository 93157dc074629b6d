import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setCsrfToken, setSessionEndedHandler, unwrap } from '../api/client';
import type { components } from '../api/schema';

export type SessionView = components['schemas']['BrowserSessionView'];
export type SessionUser = SessionView['user'];

type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous'; reason?: 'ended' | 'loggedOut' }
  | { status: 'active'; user: SessionUser };

interface SessionContextValue {
  state: SessionState;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  /** Re-reads the session (after a change to the caller's positions or delegations). */
  refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

/** Holds who is logged in. The session itself is the server's httpOnly cookie; only the CSRF token lives here, in memory. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const adopt = useCallback((view: SessionView) => {
    setCsrfToken(view.csrfToken);
    setState({ status: 'active', user: view.user });
  }, []);

  const refresh = useCallback(async () => {
    try {
      adopt(await unwrap(api.GET('/api/v1/auth/session')));
    } catch {
      setCsrfToken(null);
      setState({ status: 'anonymous' });
    }
  }, [adopt]);

  useEffect(() => {
    void refresh();
    setSessionEndedHandler(() => {
      setCsrfToken(null);
      setState((s) => (s.status === 'active' ? { status: 'anonymous', reason: 'ended' } : s));
    });
    return () => setSessionEndedHandler(null);
  }, [refresh]);

  const login = useCallback(
    async (username: string, password: string) => {
      adopt(await unwrap(api.POST('/api/v1/auth/session', { body: { username, password } })));
    },
    [adopt],
  );

  const logout = useCallback(async () => {
    await unwrap(api.DELETE('/api/v1/auth/session')).catch(() => undefined);
    setCsrfToken(null);
    setState({ status: 'anonymous', reason: 'loggedOut' });
  }, []);

  const value = useMemo(() => ({ state, login, logout, refresh }), [state, login, logout, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The logged-in person; only inside pages behind the login. */
export function useUser(): SessionUser {
  const { state } = useSession();
  if (state.status !== 'active') throw new Error('useUser without a session');
  return state.user;
}

export function hasRole(user: SessionUser, role: string): boolean {
  return (user.roles as string[]).includes(role);
}
