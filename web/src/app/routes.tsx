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
export const SearchPage = lazy(() => import('../pages/search/SearchPage'));
export const BerkasPage = lazy(() => import('../pages/archive/BerkasPage'));
export const BerkasDetailPage = lazy(() => import('../pages/archive/BerkasDetailPage'));
export const DaftarPage = lazy(() => import('../pages/archive/DaftarPage'));
export const JraPage = lazy(() => import('../pages/archive/JraPage'));
export const DuePage = lazy(() => import('../pages/archive/DuePage'));
export const DisposalsPage = lazy(() => import('../pages/archive/DisposalsPage'));
export const LetterTextPage = lazy(() => import('../pages/archive/LetterTextPage'));
export const NotificationSettingsPage = lazy(() => import('../pages/settings/NotificationSettingsPage'));
export const AdminPage = lazy(() => import('../pages/admin/AdminPage'));
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
  search: '/pencarian',
  archive: '/arsip',
  notificationSettings: '/pengaturan/notifikasi',
  admin: '/admin',
  dashboard: '/dasbor',
} as const;
