import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Route, Routes } from 'react-router';
import { paths } from '../../app/routes';
import { hasRole, useUser } from '../../auth/session';
import { DelegationsSection } from './DelegationsSection';
import { ModulesSection } from './ModulesSection';
import { NumberingSection } from './NumberingSection';
import { PeopleSection } from './PeopleSection';
import { PositionsSection } from './PositionsSection';
import { UnitsSection } from './UnitsSection';
import { WorkflowsSection } from './WorkflowsSection';
import './admin.css';

/** The admin sections, each at /admin/<slug>. */
const SECTIONS = [
  { slug: 'unit', key: 'units', element: <UnitsSection /> },
  { slug: 'jabatan', key: 'positions', element: <PositionsSection /> },
  { slug: 'pegawai', key: 'people', element: <PeopleSection /> },
  { slug: 'plt-plh', key: 'delegations', element: <DelegationsSection /> },
  { slug: 'penomoran', key: 'numbering', element: <NumberingSection /> },
  { slug: 'modul', key: 'modules', element: <ModulesSection /> },
  { slug: 'alur-kerja', key: 'workflows', element: <WorkflowsSection /> },
] as const;

/** Admin: the organisation, numbering, the modules that call the approval API, and the workflows. Admins only. */
export default function AdminPage() {
  const { t } = useTranslation();
  const user = useUser();
  useEffect(() => {
    document.title = `${t('admin.title')} · ${t('app.name')}`;
  }, [t]);

  if (!hasRole(user, 'admin')) {
    return (
      <section>
        <h1>{t('admin.title')}</h1>
        <p className="error" role="alert">
          {t('admin.forbidden')}
        </p>
      </section>
    );
  }
  return (
    <section className="admin">
      <h1>{t('admin.title')}</h1>
      <nav aria-label={t('admin.sectionsLabel')} className="admin-tabs">
        <ul>
          {SECTIONS.map((s) => (
            <li key={s.slug}>
              <NavLink to={`${paths.admin}/${s.slug}`}>{t(`admin.sections.${s.key}`)}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Routes>
        <Route index element={<Navigate to={`${paths.admin}/unit`} replace />} />
        {SECTIONS.map((s) => (
          <Route key={s.slug} path={s.slug} element={s.element} />
        ))}
      </Routes>
    </section>
  );
}
