import { useTranslation } from 'react-i18next';

export default function VerifyPage() {
  const { t } = useTranslation();
  return <h1>{t('verify.title')}</h1>;
}
