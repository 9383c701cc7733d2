import { useTranslation } from 'react-i18next';
import { ApiError, problemLines } from '../api/problem';

/** An API failure as the API explained it: the problem document's title, detail and field messages. */
export function ProblemAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) {
    return null;
  }
  let lines: string[];
  if (error instanceof ApiError) {
    lines = error.status === 0 ? [t('errors.network')] : problemLines(error.problem);
  } else {
    lines = [t('errors.unexpected'), String(error)];
  }
  return (
    <div className="alert alert-error" role="alert">
      <strong>{lines[0]}</strong>
      {lines.slice(1).map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}
