import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import type { components } from '../api/generated/schema';
import { ApiError } from '../api/problem';
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
    // No settings yet is 404: the panel then offers to set them.
    queryFn: async () => {
      try {
        return await call(api.GET('/v1/domains/{name}/callbacks', { params: { path: { name } } }));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
          return null;
        }
        throw error;
      }
    },
  });
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<CallbackEvent[]>(EVENTS);
  const [rotateSecret, setRotateSecret] = useState(false);
  useEffect(() => {
    if (settings.data) {
      setUrl(settings.data.url);
      setEvents(settings.data.events);
    }
  }, [settings.data]);
  const save = useMutation({
    mutationFn: () => call(api.PUT('/v1/domains/{name}/callbacks', {
      // Every event is the API's default, sent as no list at all (the spec caps a list at 3 events).
      params: { path: { name } },
      body: events.length === EVENTS.length ? { url, rotateSecret } : { url, events, rotateSecret },
    })),
    onSuccess: (next) => {
      setRotateSecret(false);
      client.setQueryData(key, next);
    },
  });
  const remove = useMutation({
    mutationFn: () => call(api.DELETE('/v1/domains/{name}/callbacks', { params: { path: { name } } })),
    onSuccess: () => client.setQueryData(key, null),
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
      {!settings.data && <p className="lead">{t('callbacks.none')}</p>}
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
        {settings.data && (
          <label className="check">
            <input type="checkbox" checked={rotateSecret} onChange={(e) => setRotateSecret(e.target.checked)} />
            <span>{t('callbacks.rotateSecret')}</span>
          </label>
        )}
        <ProblemAlert error={save.error ?? remove.error} />
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>{t('common.save')}</button>
          {settings.data && (
            <ConfirmButton label={t('callbacks.stop')} disabled={remove.isPending} onConfirm={() => remove.mutate()} />
          )}
        </div>
      </form>
      {settings.data && <Secret label={t('callbacks.secret')} value={settings.data.secret} />}
      <DeliveryLog domain={name} />
    </>
  );
}
