import { useTranslation } from 'react-i18next';

export default function DraftPage() {
  const { t } = useTranslation();
  return <h1>{t('draft.title')}</h1>;
}
