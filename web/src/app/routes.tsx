import { lazy } from 'react';

/**
 * Every page, loaded on demand: the first route carries only the shell. Each feature owns its
 * folder under pages/ and exports its page as the module's default.
 */
export const HomePage = lazy(() => import('../pages/home/HomePage'));
export const InboxPage = lazy(() => import('../pages/inbox/InboxPage'));
export const DraftPage = lazy(() => import('../pages/draft/DraftPage'));
export const LetterPage = lazy(() => import('../pages/letter/LetterPage'));
export const OutgoingPage = lazy(() => import('../pages/outgoing/OutgoingPage'));
export const IncomingPage = lazy(() => import('../pages/incoming/IncomingPage'));
export const RegisterIncomingPage = lazy(() => import('../pages/incoming/RegisterIncomingPage'));
export const AgendaPage = lazy(() => import('../pages/agenda/AgendaPage'));
export const VerifyPage = lazy(() => import('../pages/verify/VerifyPage'));
export const DashboardPage = lazy(() => import('../pages/dashboard/DashboardPage'));

/** The paths of the app, in one place, so links and tests agree. */
export const paths = {
  login: '/masuk',
  home: '/',
  inbox: '/kotak-masuk',
  newDraft: '/konsep/baru',
  editDraft: (id: string) => `/konsep/${id}`,
  letter: (id: string) => `/surat/${id}`,
  outgoing: '/surat-keluar',
  incoming: '/surat-masuk',
  registerIncoming: '/surat-masuk/baru',
  agenda: '/agenda',
  verify: '/verifikasi',
  dashboard: '/dasbor',
} as const;
