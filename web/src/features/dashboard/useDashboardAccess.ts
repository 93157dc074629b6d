import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import { hasRole, type SessionUser } from '../../auth/session';

/** One answer per person and page load: whether the server lets them read the dashboard. */
const answers = new Map<string, Promise<boolean>>();

/**
 * Whether the menu shows Dasbor: always for an admin; for an official, when the server finds a
 * unit they head (GET /dashboard/scope), which a session does not say; never for anyone else.
 */
export function useDashboardAccess(user: SessionUser): boolean {
  const admin = hasRole(user, 'admin');
  const official = hasRole(user, 'official');
  const [allowed, setAllowed] = useState(admin);
  useEffect(() => {
    if (admin || !official) {
      setAllowed(admin);
      return;
    }
    let live = true;
    const key = `${user.personId}:${[...user.positions, ...user.delegations].map((p) => p.positionId).join(',')}`;
    if (!answers.has(key)) answers.set(key, api.GET('/api/v1/dashboard/scope').then((r) => r.response.ok, () => false));
    void answers.get(key)!.then((ok) => live && setAllowed(ok));
    return () => {
      live = false;
    };
  }, [admin, official, user]);
  return allowed;
}
