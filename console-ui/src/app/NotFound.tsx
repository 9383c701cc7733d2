import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader } from '../components/PageHeader';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <main className="centered">
      <PageHeader title={t('notFound.title')} />
      <p>{t('notFound.hint')}</p>
      <Link to="/">{t('notFound.home')}</Link>
    </main>
  );
}
