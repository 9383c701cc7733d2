import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/PageHeader';
import { ForbiddenStreams } from './ForbiddenStreams';
import { OnlineStreams } from './OnlineStreams';
import { PublishHistory } from './PublishHistory';

/** Live streams: who publishes now (with preview and forbid), who is refused (resume), who published before. */
export default function StreamsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('streams.title')} />
      <OnlineStreams />
      <ForbiddenStreams />
      <PublishHistory />
    </>
  );
}
