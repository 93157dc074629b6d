import { useTranslation } from 'react-i18next';

export default function LetterPage() {
  const { t } = useTranslation();
  return <h1>{t('letter.title')}</h1>;
}
