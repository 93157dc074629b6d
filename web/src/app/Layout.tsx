import { Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { hasRole, useSession, useUser } from '../auth/session';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useDashboardAccess } from '../features/dashboard/useDashboardAccess';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { Loading } from './App';
import { paths } from './routes';

interface MenuItem {
  to: string;
  key: string;
  show: boolean;
}

/** The shell of every page behind the login: the menu (a drawer on a phone), the bell, the page. */
export function Layout() {
  const { t } = useTranslation();
  const user = useUser();
  const { logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const main = useRef<HTMLElement>(null);

  // A new page: close the drawer and move focus to the page, as a screen reader user expects.
  useEffect(() => {
    setMenuOpen(false);
    main.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  const drafts = hasRole(user, 'staff') || hasRole(user, 'official');
  const registrar = hasRole(user, 'registrar');
  const dashboard = useDashboardAccess(user);
  const items: MenuItem[] = [
    { to: paths.home, key: 'nav.home', show: true },
    { to: paths.inbox, key: 'nav.inbox', show: true },
    { to: paths.newDraft, key: 'nav.newDraft', show: drafts },
    { to: paths.outgoing, key: 'nav.outgoing', show: drafts || registrar },
    { to: paths.incoming, key: 'nav.incoming', show: true },
    { to: paths.search, key: 'nav.search', show: true },
    { to: paths.archive, key: 'nav.archive', show: hasRole(user, 'archivist') || registrar },
    { to: paths.notificationSettings, key: 'notifPrefs.menu', show: true },
    { to: paths.admin, key: 'nav.admin', show: hasRole(user, 'admin') },
    { to: paths.dashboard, key: 'dashboard.menu', show: dashboard },
  ];

  async function onLogout() {
    await logout();
    navigate(`${paths.login}?alasan=loggedOut`, { replace: true });
  }

  return (
    <div className="shell">
      <a className="skip-link" href="#isi">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <button type="button" className="icon-button menu-toggle" aria-expanded={menuOpen} aria-controls="menu-utama" onClick={() => setMenuOpen((o) => !o)}>
          <span aria-hidden="true">☰</span>
          <span className="visually-hidden">{t('nav.openMenu')}</span>
        </button>
        <NavLink to={paths.home} className="brand">
          {t('app.name')}
        </NavLink>
        <div className="topbar-end">
          <NotificationBell />
        </div>
      </header>
      <nav id="menu-utama" className={menuOpen ? 'menu open' : 'menu'} aria-label={t('nav.menu')}>
        <p className="menu-user">{t('nav.signedInAs', { name: user.name })}</p>
        <ul>
          {items
            .filter((i) => i.show)
            .map((i) => (
              <li key={i.to}>
                <NavLink to={i.to} end={i.to === paths.home}>
                  {t(i.key)}
                </NavLink>
              </li>
            ))}
        </ul>
        <LanguageSwitch />
        <button type="button" className="button secondary logout" onClick={onLogout}>
          {t('nav.logout')}
        </button>
      </nav>
      <main id="isi" ref={main} tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
