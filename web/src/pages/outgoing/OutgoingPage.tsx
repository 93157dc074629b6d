import { useTranslation } from 'react-i18next';

export default function OutgoingPage() {
  const { t } = useTranslation();
  return <h1>{t('outgoing.title')}</h1>;
}
