import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { archivePaths } from './paths';
import './archive.css';

const TABS = [
  { to: archivePaths.berkas, key: 'archive.nav.berkas' },
  { to: archivePaths.daftar, key: 'archive.nav.daftar' },
  { to: archivePaths.due, key: 'archive.nav.due' },
  { to: archivePaths.disposals, key: 'archive.nav.disposals' },
  { to: archivePaths.jra, key: 'archive.nav.jra' },
];

/** The archive's own menu above each of its pages, and the page's title. */
export function ArchiveHeader({ title }: { title: string }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [t, title]);
  return (
    <>
      <nav className="archive-nav" aria-label={t('archive.nav.label')}>
        <ul>
          {TABS.map((tab) => (
            <li key={tab.to}>
              <NavLink to={tab.to} end>
                {t(tab.key)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <h1>{title}</h1>
    </>
  );
}
