import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from './CopyButton';

/** A secret (a signing key, a webhook secret) masked until the user asks to see it. */
export function Secret({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  return (
    <div className="copy-field">
      <span className="copy-label">{label}</span>
      <code className="copy-value">{shown ? value : '•'.repeat(Math.min(value.length, 24))}</code>
      <button type="button" className="button button-small" onClick={() => setShown(!shown)}
        aria-label={t(shown ? 'common.hideLabel' : 'common.revealLabel', { what: label })}>
        {shown ? t('common.hide') : t('common.reveal')}
      </button>
      <CopyButton text={value} label={label} />
    </div>
  );
}
