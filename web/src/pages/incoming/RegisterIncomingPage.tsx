import { useTranslation } from 'react-i18next';

export default function RegisterIncomingPage() {
  const { t } = useTranslation();
  return <h1>{t('incoming.title')}</h1>;
}
