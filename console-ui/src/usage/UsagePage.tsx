import { useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, JSON_ONLY } from '../api/client';
import type { components } from '../api/generated/schema';
import { saveText } from '../api/download';
import { EmptyState } from '../components/EmptyState';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { useDomains } from '../domains/domainApi';
import { formatBitRate, formatBytes, formatCount } from '../format/units';
import { monthOf, reportWindow, type Interval } from './reportWindow';
import { StreamRanking } from './StreamRanking';
import { UsageChart } from './UsageChart';

const INTERVALS = [[300, 'fiveMinutes'], [3600, 'hour'], [86400, 'day']] as const;
type TrafficReport = components['schemas']['TrafficReport'];
type BandwidthP95 = components['schemas']['BandwidthP95'];
type ViewerReport = components['schemas']['ViewerReport'];
type Report = 'traffic' | 'viewers';

/** Traffic and peak bandwidth of one domain at the API's intervals, the month's p95, the top streams, CSV. */
export default function UsagePage() {
  const { t } = useTranslation();
  const domains = useDomains();
  const [chosen, setChosen] = useState('');
  const [interval, setInterval] = useState<Interval>(300);
  const domain = chosen || domains.data?.[0]?.name || '';
  const window = useMemo(() => reportWindow(interval, new Date()), [interval]);
  const query = { domain, interval, start: window.start, end: window.end };
  const traffic = useQuery({
    queryKey: ['usage', 'traffic', query],
    queryFn: () => call(api.GET('/v1/usage/traffic', { params: { query }, headers: JSON_ONLY })) as Promise<TrafficReport>,
    enabled: domain !== '',
  });
  const p95 = useQuery({
    queryKey: ['usage', 'p95', domain],
    queryFn: () => call(api.GET('/v1/usage/bandwidth-p95', {
      params: { query: { domain, month: monthOf(new Date()) } }, headers: JSON_ONLY,
    })) as Promise<BandwidthP95>,
    enabled: domain !== '',
  });
  const viewers = useQuery({
    queryKey: ['usage', 'viewers', query],
    queryFn: () => call(api.GET('/v1/usage/viewers', { params: { query }, headers: JSON_ONLY })) as Promise<ViewerReport>,
    enabled: domain !== '',
  });
  const csv = useMutation({
    mutationFn: async (report: Report) => {
      const answer = await api.GET(report === 'traffic' ? '/v1/usage/traffic' : '/v1/usage/viewers', {
        params: { query }, headers: { Accept: 'text/csv' }, parseAs: 'text',
      });
      return call(Promise.resolve(answer as { data?: string; error?: unknown; response: Response }));
    },
    onSuccess: (text, report) => saveText(text, `${report}-${domain}-${interval}.csv`, 'text/csv'),
  });
  const points = traffic.data?.points ?? [];
  const times = useMemo(() => points.map((p) => Date.parse(p.start) / 1000), [points]);
  const bytes = useMemo(() => [{ label: t('usage.bytes'), values: points.map((p) => p.bytes), colour: '#1d4ed8' }],
    [points, t]);
  const viewerPoints = viewers.data?.points ?? [];
  const viewerTimes = useMemo(() => viewerPoints.map((p) => Date.parse(p.start) / 1000), [viewerPoints]);
  const audience = useMemo(() => [
    { label: t('usage.peakViewers'), values: viewerPoints.map((p) => p.peakViewers), colour: '#047857' },
    { label: t('usage.averageViewers'), values: viewerPoints.map((p) => p.averageViewers), colour: '#7c3aed' },
  ], [viewerPoints, t]);
  const bandwidth = useMemo(() => [{ label: t('usage.peakBandwidth'), values: points.map((p) => p.peakBps), colour: '#b45309' }],
    [points, t]);

  if (domains.isPending) {
    return <Loading />;
  }
  if (!domains.data || domains.data.length === 0) {
    return (
      <>
        <PageHeader title={t('usage.title')} />
        <ProblemAlert error={domains.error} />
        <EmptyState title={t('usage.noDomainsTitle')} hint={t('usage.noDomainsHint')} />
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('usage.title')}>
        <button type="button" className="button" disabled={csv.isPending || !traffic.data}
          onClick={() => csv.mutate('traffic')}>{t('usage.exportCsv')}</button>
        <button type="button" className="button" disabled={csv.isPending || !viewers.data}
          onClick={() => csv.mutate('viewers')}>{t('usage.exportViewersCsv')}</button>
      </PageHeader>
      <div className="form form-inline">
        <label className="field"><span>{t('usage.domain')}</span>
          <select value={domain} onChange={(e) => setChosen(e.target.value)} data-testid="usage-domain">
            {domains.data.map((d) => <option key={d.name} value={d.name}>{d.name}</option>)}
          </select></label>
        <label className="field"><span>{t('usage.interval')}</span>
          <select value={interval} onChange={(e) => setInterval(Number(e.target.value) as Interval)}>
            {INTERVALS.map(([i, name]) => <option key={i} value={i}>{t(`usage.intervals.${name}`)}</option>)}
          </select></label>
      </div>
      <p className="hint">{t('usage.windowUtc')}</p>
      <ProblemAlert error={traffic.error ?? p95.error ?? viewers.error ?? csv.error} />
      {traffic.isPending ? <Loading /> : traffic.data && (
        <>
          <dl className="facts">
            <dt>{t('usage.totalBytes')}</dt><dd>{formatBytes(traffic.data.totalBytes)}</dd>
            <dt>{t('usage.peakBandwidth')}</dt><dd>{formatBitRate(traffic.data.peakBps)}</dd>
            {p95.data && <><dt>{t('usage.p95')}</dt><dd>{formatBitRate(p95.data.p95Bps)}</dd></>}
          </dl>
          {traffic.data.totalBytes === 0 && <p className="hint">{t('usage.noTraffic')}</p>}
          <h2>{t('usage.trafficChart')}</h2>
          <UsageChart label={t('usage.trafficChart')} times={times} series={bytes} format={formatBytes} />
          <h2>{t('usage.bandwidthChart')}</h2>
          <UsageChart label={t('usage.bandwidthChart')} times={times} series={bandwidth} format={formatBitRate} />
        </>
      )}
      {viewers.data && (
        <section aria-labelledby="viewers-title">
          <h2 id="viewers-title">{t('usage.viewersChart')}</h2>
          <dl className="facts">
            <dt>{t('usage.peakViewers')}</dt><dd data-testid="peak-viewers">{formatCount(viewers.data.peakViewers)}</dd>
            <dt>{t('usage.viewerHours')}</dt><dd>{formatCount(Math.round(viewers.data.viewerSeconds / 3600))}</dd>
          </dl>
          <p className="hint">{t('usage.viewersHint')}</p>
          <UsageChart label={t('usage.viewersChart')} times={viewerTimes} series={audience} format={formatCount} />
        </section>
      )}
      <StreamRanking domain={domain} start={window.start} end={window.end} />
    </>
  );
}
