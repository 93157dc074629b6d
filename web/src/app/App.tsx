import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { SessionProvider, useSession } from '../auth/session';
import { LoginPage } from '../auth/LoginPage';
import { Layout } from './Layout';
import * as pages from './routes';
import { paths } from './routes';

/** Pages behind the login: an ended session sends the user to log in, then back to the page they were on. */
function RequireSession() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'anonymous') {
    const back = `${location.pathname}${location.search}`;
    return <Navigate to={`${paths.login}?kembali=${encodeURIComponent(back)}${state.reason ? `&alasan=${state.reason}` : ''}`} replace />;
  }
  return <Layout />;
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      {t('app.loading')}
    </p>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <section>
      <h1>{t('app.notFound')}</h1>
      <a href={paths.home}>{t('app.backHome')}</a>
    </section>
  );
}

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path={paths.login} element={<LoginPage />} />
            <Route path={paths.verify} element={<pages.VerifyPage />} />
            <Route element={<RequireSession />}>
              <Route index element={<pages.HomePage />} />
              <Route path={paths.inbox} element={<pages.InboxPage />} />
              <Route path={paths.newDraft} element={<pages.DraftPage />} />
              <Route path="/konsep/:id" element={<pages.DraftPage />} />
              <Route path="/surat/:id" element={<pages.LetterPage />} />
              <Route path={paths.outgoing} element={<pages.OutgoingPage />} />
              <Route path={paths.incoming} element={<pages.IncomingPage />} />
              <Route path={paths.registerIncoming} element={<pages.RegisterIncomingPage />} />
              <Route path={paths.agenda} element={<pages.AgendaPage />} />
              <Route path={paths.search} element={<pages.SearchPage />} />
              <Route path="/arsip" element={<pages.BerkasPage />} />
              <Route path="/arsip/berkas/:id" element={<pages.BerkasDetailPage />} />
              <Route path="/arsip/daftar" element={<pages.DaftarPage />} />
              <Route path="/arsip/jra" element={<pages.JraPage />} />
              <Route path="/arsip/jatuh-tempo" element={<pages.DuePage />} />
              <Route path="/arsip/usul-musnah" element={<pages.DisposalsPage />} />
              <Route path="/surat/:id/teks" element={<pages.LetterTextPage />} />
              <Route path={paths.notificationSettings} element={<pages.NotificationSettingsPage />} />
              <Route path={`${paths.admin}/*`} element={<pages.AdminPage />} />
              <Route path={paths.dashboard} element={<pages.DashboardPage />} />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </Suspense>
      </BrowserRouter>
    </SessionProvider>
  );
}
