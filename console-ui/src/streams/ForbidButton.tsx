import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { components } from '../api/generated/schema';

type ForbidRequest = components['schemas']['ForbidRequest'];

/** How long a forbid lasts, in seconds; 0 is until resumed by hand. */
export const FORBID_DURATIONS = [0, 600, 3600, 86400, 604800] as const;

/** The API's request for a forbid of {@code seconds} (0: until resumed) with an optional reason, as of {@code now}. */
export function forbidRequest(seconds: number, reason: string, now: Date): ForbidRequest {
  const request: ForbidRequest = {};
  if (seconds > 0) {
    request.until = new Date(now.getTime() + seconds * 1000).toISOString();
  }
  if (reason.trim() !== '') {
    request.reason = reason.trim();
  }
  return request;
}

/**
 * Forbid, asked in two steps like every action that cuts something: the first press opens a short form (how long,
 * why, both optional), the second forbids.
 */
export function ForbidButton({ stream, onForbid, disabled }: {
  stream: string;
  onForbid: (request: ForbidRequest) => void;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const [seconds, setSeconds] = useState<number>(0);
  const [reason, setReason] = useState('');
  if (!asking) {
    return (
      <button type="button" className="button button-small button-danger" disabled={disabled}
        onClick={() => setAsking(true)}>{t('streams.forbid')}</button>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setAsking(false);
    onForbid(forbidRequest(seconds, reason, new Date()));
  };
  return (
    <form className="forbid-form" onSubmit={submit} aria-label={t('streams.forbidStream', { stream })}>
      <label className="field field-compact"><span>{t('streams.forbidFor')}</span>
        <select value={seconds} onChange={(e) => setSeconds(Number(e.target.value))} aria-label={t('streams.forbidFor')}>
          {FORBID_DURATIONS.map((s) => <option key={s} value={s}>{t(`streams.forbidDuration.d${s}`)}</option>)}
        </select></label>
      <label className="field field-compact"><span>{t('streams.reason')}</span>
        <input value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} aria-label={t('streams.reason')}
          placeholder={t('streams.reasonPlaceholder')} /></label>
      <span className="confirm">
        <button type="submit" className="button button-small button-danger" disabled={disabled}>
          {t('common.confirmAction', { action: t('streams.forbid') })}
        </button>
        <button type="button" className="button button-small" onClick={() => setAsking(false)}>
          {t('common.cancel')}
        </button>
      </span>
    </form>
  );
}
