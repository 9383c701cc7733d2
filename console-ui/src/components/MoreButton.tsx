import { useTranslation } from 'react-i18next';

/** Loads the next page of a keyset-paginated list. */
export function MoreButton({ more, loading, onMore }: { more: boolean; loading: boolean; onMore: () => void }) {
  const { t } = useTranslation();
  if (!more) {
    return null;
  }
  return (
    <button type="button" className="button" disabled={loading} onClick={onMore}>
      {loading ? t('common.loading') : t('common.more')}
    </button>
  );
}
