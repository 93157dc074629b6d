import { useTranslation } from 'react-i18next';

export default function InboxPage() {
  const { t } = useTranslation();
  return <h1>{t('inbox.title')}</h1>;
}
