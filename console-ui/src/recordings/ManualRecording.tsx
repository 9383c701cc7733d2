import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { ProblemAlert } from '../components/ProblemAlert';
import { formatDateTime } from '../format/units';

/**
 * Starts and stops recording a stream by hand, for streams whose recording rule's policy is manual: the node
 * publishing it starts a file at its next keyframe, and recording goes on across republishes until stopped.
 */
export function ManualRecording({ pushDomains }: { pushDomains: string[] }) {
  const { t, i18n } = useTranslation();
  const [chosen, setChosen] = useState('');
  const [app, setApp] = useState('live');
  const [stream, setStream] = useState('');
  const [state, setState] = useState<{ on: boolean; since?: string } | null>(null);
  const domain = chosen || pushDomains[0] || '';
  const path = { domain, app, stream };
  const start = useMutation({
    mutationFn: () => call(api.POST('/v1/streams/{domain}/{app}/{stream}/recording/start', { params: { path } })),
    onSuccess: (recording) => setState({ on: true, since: recording.startedAt }),
  });
  const stop = useMutation({
    mutationFn: () => call(api.POST('/v1/streams/{domain}/{app}/{stream}/recording/stop', { params: { path } })),
    onSuccess: () => setState({ on: false }),
  });
  const ready = domain !== '' && app.trim() !== '' && stream.trim() !== '';
  const busy = start.isPending || stop.isPending;
  return (
    <section aria-labelledby="manual-title">
      <h2 id="manual-title">{t('recordings.manual')}</h2>
      <p className="hint">{t('recordings.manualHint')}</p>
      <div className="form form-inline">
        <label className="field"><span>{t('recordings.domain')}</span>
          <select value={domain} onChange={(e) => { setChosen(e.target.value); setState(null); }}>
            {pushDomains.map((d) => <option key={d} value={d}>{d}</option>)}
          </select></label>
        <label className="field"><span>{t('urls.app')}</span>
          <input value={app} maxLength={128} onChange={(e) => { setApp(e.target.value); setState(null); }} /></label>
        <label className="field"><span>{t('urls.stream')}</span>
          <input value={stream} maxLength={128} onChange={(e) => { setStream(e.target.value); setState(null); }}
            data-testid="manual-stream" /></label>
        <span className="actions">
          <button type="button" className="button button-primary" disabled={!ready || busy}
            onClick={() => start.mutate()}>{t('recordings.start')}</button>
          <button type="button" className="button" disabled={!ready || busy}
            onClick={() => stop.mutate()}>{t('recordings.stop')}</button>
        </span>
      </div>
      <ProblemAlert error={start.error ?? stop.error} />
      {state && (
        <p className="hint" role="status">{state.on
          ? t('recordings.recordingSince', { stream: `${domain}/${app}/${stream}`,
            since: formatDateTime(state.since, i18n.language) })
          : t('recordings.recordingStopped', { stream: `${domain}/${app}/${stream}` })}</p>
      )}
    </section>
  );
}
