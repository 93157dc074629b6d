import { useTranslation } from 'react-i18next';

export default function AgendaPage() {
  const { t } = useTranslation();
  return <h1>{t('agenda.title')}</h1>;
}
