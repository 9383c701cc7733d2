import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Copies a value to the clipboard and says so for a moment (the value itself stays visible beside it). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  return (
    <button type="button" className="button button-small" onClick={copy} aria-label={t('common.copyLabel', { what: label })}>
      {copied ? t('common.copied') : t('common.copy')}
    </button>
  );
}

/** A value to copy (a URL, a key, a DNS record) shown in full, with its copy button. */
export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="copy-field">
      <span className="copy-label">{label}</span>
      <code className="copy-value" data-testid={testId}>{value}</code>
      <CopyButton text={value} label={label} />
    </div>
  );
}
