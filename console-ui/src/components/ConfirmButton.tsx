import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A button for what cannot be undone (delete, revoke, forbid): the first press asks, the second does it. No browser
 * dialog, so nothing blocks the page and nothing a tenant string holds can look like one.
 */
export function ConfirmButton({ label, onConfirm, disabled, danger = true }: {
  label: string;
  onConfirm: () => void;
  disabled?: boolean;
  danger?: boolean;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={danger ? 'button button-small button-danger' : 'button button-small'}
        disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm">
      <button type="button" className="button button-small button-danger" disabled={disabled}
        onClick={() => { setAsking(false); onConfirm(); }}>
        {t('common.confirmAction', { action: label })}
      </button>
      <button type="button" className="button button-small" onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}
