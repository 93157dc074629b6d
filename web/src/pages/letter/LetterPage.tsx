import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { DispositionSection } from '../../features/disposition/DispositionSection';

export default function LetterPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  return (
    <>
      <h1>{t('letter.title')}</h1>
      {id && <DispositionSection letterId={id} />}
    </>
  );
}
