import { useTranslation } from 'react-i18next';

/** Something is on its way (a page's data, a long operation): said in words, for screen readers too. */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </p>
  );
}
