import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import type { components } from '../api/generated/schema';
import { ConfirmButton } from '../components/ConfirmButton';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { ProblemAlert } from '../components/ProblemAlert';

type RecordingFormat = components['schemas']['RecordingFormat'];
type RecordingPolicy = components['schemas']['RecordingPolicy'];
const FORMATS: RecordingFormat[] = ['flv', 'hls', 'mp4'];

/** What a push domain records: rules per app and stream (`*` for all), format, cycle, thumbnails. */
export function RecordingRulesPanel({ name }: { name: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const key = ['recordingRules', name];
  const rules = useQuery({
    queryKey: key,
    queryFn: () => call(api.GET('/v1/domains/{name}/recording', { params: { path: { name } } })),
  });
  const [app, setApp] = useState('*');
  const [stream, setStream] = useState('*');
  const [formats, setFormats] = useState<RecordingFormat[]>(['flv']);
  const [policy, setPolicy] = useState<RecordingPolicy>('auto');
  const [cycle, setCycle] = useState('3600');
  const [thumbnails, setThumbnails] = useState('0');
  const put = useMutation({
    mutationFn: () => call(api.PUT('/v1/domains/{name}/recording/{app}/{stream}', {
      params: { path: { name, app, stream } },
      body: {
        enabled: true, policy, formats, cycleSeconds: Number(cycle), hlsSegmentSeconds: 6,
        keyTemplate: '{domain}/{app}/{stream}/{start}_{seq}', reconnectWindowSeconds: 30,
        thumbnailIntervalSeconds: Number(thumbnails),
      },
    })),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
  const remove = useMutation({
    mutationFn: (rule: { app: string; stream: string }) => call(api.DELETE(
      '/v1/domains/{name}/recording/{app}/{stream}', { params: { path: { name, ...rule } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    put.mutate();
  };
  const toggle = (format: RecordingFormat) =>
    setFormats(formats.includes(format) ? formats.filter((f) => f !== format) : [...formats, format]);
  return (
    <>
      <p className="lead">{t('recordingRules.intro')}</p>
      <form className="form form-grid" onSubmit={submit}>
        <label className="field"><span>{t('urls.app')}</span>
          <input required maxLength={64} value={app} onChange={(e) => setApp(e.target.value)} /></label>
        <label className="field"><span>{t('urls.stream')}</span>
          <input required maxLength={128} value={stream} onChange={(e) => setStream(e.target.value)} /></label>
        <fieldset className="checks">
          <legend>{t('recordingRules.formats')}</legend>
          {FORMATS.map((f) => (
            <label key={f} className="check">
              <input type="checkbox" checked={formats.includes(f)} onChange={() => toggle(f)} />
              <span>{f.toUpperCase()}</span>
            </label>
          ))}
        </fieldset>
        <label className="field"><span>{t('recordingRules.policy')}</span>
          <select value={policy} onChange={(e) => setPolicy(e.target.value as RecordingPolicy)}>
            <option value="auto">{t('recordingPolicy.auto')}</option>
            <option value="manual">{t('recordingPolicy.manual')}</option>
          </select></label>
        <label className="field"><span>{t('recordingRules.cycle')}</span>
          <input type="number" min={900} max={21600} required value={cycle} onChange={(e) => setCycle(e.target.value)} /></label>
        <label className="field"><span>{t('recordingRules.thumbnails')}</span>
          <input type="number" min={0} max={3600} required value={thumbnails} onChange={(e) => setThumbnails(e.target.value)} />
        </label>
        <button type="submit" className="button button-primary" disabled={put.isPending}>
          {t('recordingRules.save')}
        </button>
      </form>
      <ProblemAlert error={put.error ?? remove.error ?? rules.error} />
      {rules.isPending ? <Loading /> : (rules.data?.items.length ?? 0) === 0 ? (
        <EmptyState title={t('recordingRules.emptyTitle')} hint={t('recordingRules.emptyHint')} />
      ) : (
        <div className="table-wrap">
          <table>
            <thead><tr>
              <th scope="col">{t('urls.app')}</th>
              <th scope="col">{t('urls.stream')}</th>
              <th scope="col">{t('recordingRules.formats')}</th>
              <th scope="col">{t('recordingRules.policy')}</th>
              <th scope="col">{t('recordingRules.cycle')}</th>
              <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>
            </tr></thead>
            <tbody>
              {rules.data?.items.map((rule) => (
                <tr key={`${rule.app}/${rule.stream}`}>
                  <td>{rule.app}</td>
                  <td>{rule.stream}</td>
                  <td>{rule.formats.map((f) => f.toUpperCase()).join(', ')}</td>
                  <td>{t(`recordingPolicy.${rule.policy}`)}</td>
                  <td>{rule.cycleSeconds}</td>
                  <td>
                    <ConfirmButton label={t('common.delete')}
                      onConfirm={() => remove.mutate({ app: rule.app, stream: rule.stream })} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
