import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import type { components } from '../api/generated/schema';
import { ConfirmButton } from '../components/ConfirmButton';
import { Loading } from '../components/Loading';
import { ProblemAlert } from '../components/ProblemAlert';
import { Secret } from '../components/Secret';
import { DeliveryLog } from './DeliveryLog';

type CallbackEvent = components['schemas']['CallbackEvent'];
const EVENTS: CallbackEvent[] = ['publish', 'unpublish', 'record_done', 'record_failed', 'quota_low', 'suspended',
  'resumed'];

/** Where a push domain's webhooks go, which events, the signing secret; and the log of what was delivered. */
export function CallbacksPanel({ name }: { name: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const key = ['callbacks', name];
  const settings = useQuery({
    queryKey: key,
    queryFn: () => call(api.GET('/v1/domains/{name}/callbacks', { params: { path: { name } } })),
  });
  const configured = settings.data?.configured ? settings.data : null;
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<CallbackEvent[]>(EVENTS);
  const [rotateSecret, setRotateSecret] = useState(false);
  useEffect(() => {
    if (configured) {
      setUrl(configured.url ?? '');
      setEvents(configured.events);
    }
  }, [configured]);
  const save = useMutation({
    mutationFn: () => call(api.PUT('/v1/domains/{name}/callbacks', {
      params: { path: { name } },
      body: { url, events, rotateSecret },
    })),
    onSuccess: (next) => {
      setRotateSecret(false);
      client.setQueryData(key, next);
    },
  });
  const remove = useMutation({
    mutationFn: () => call(api.DELETE('/v1/domains/{name}/callbacks', { params: { path: { name } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
  if (settings.isPending) {
    return <Loading />;
  }
  const toggle = (event: CallbackEvent) =>
    setEvents(events.includes(event) ? events.filter((e) => e !== event) : [...events, event]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <>
      <ProblemAlert error={settings.error} />
      {settings.data && !configured && <p className="lead">{t('callbacks.none')}</p>}
      <form className="form" onSubmit={submit}>
        <label className="field">
          <span>{t('callbacks.url')}</span>
          <input type="url" required maxLength={2048} value={url} onChange={(e) => setUrl(e.target.value)}
            placeholder="https://hooks.example.com/liveplane" data-testid="callback-url" />
          <small>{t('callbacks.urlHint')}</small>
        </label>
        <fieldset className="checks">
          <legend>{t('callbacks.events')}</legend>
          {EVENTS.map((event) => (
            <label key={event} className="check">
              <input type="checkbox" checked={events.includes(event)} onChange={() => toggle(event)} />
              <span>{t(`callbackEvent.${event}`)}</span>
            </label>
          ))}
        </fieldset>
        {configured && (
          <label className="check">
            <input type="checkbox" checked={rotateSecret} onChange={(e) => setRotateSecret(e.target.checked)} />
            <span>{t('callbacks.rotateSecret')}</span>
          </label>
        )}
        <ProblemAlert error={save.error ?? remove.error} />
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={save.isPending || events.length === 0}>{t('common.save')}</button>
          {configured && (
            <ConfirmButton label={t('callbacks.stop')} disabled={remove.isPending} onConfirm={() => remove.mutate()} />
          )}
        </div>
      </form>
      {configured?.secret && <Secret label={t('callbacks.secret')} value={configured.secret} />}
      <DeliveryLog domain={name} />
    </>
  );
}
