import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { Loading } from '../components/Loading';
import { ProblemAlert } from '../components/ProblemAlert';
import { Status } from '../components/Status';
import { DOMAINS_KEY, domainKey } from './domainApi';

/**
 * Checks a domain's TXT and CNAME records in DNS now, and says precisely what was found when it fails: which record
 * is missing or wrong, what DNS answered, and the API's own words on what to do.
 */
export function Verification({ name }: { name: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const verify = useMutation({
    mutationFn: () => call(api.POST('/v1/domains/{name}/verify', { params: { path: { name } } })),
    onSuccess: (result) => {
      client.setQueryData(domainKey(name), result.domain);
      void client.invalidateQueries({ queryKey: DOMAINS_KEY });
    },
  });
  const result = verify.data;
  return (
    <div className="verification">
      <button type="button" className="button" disabled={verify.isPending} onClick={() => verify.mutate()}>
        {t('domains.verify')}
      </button>
      {verify.isPending && <Loading label={t('domains.verifying')} />}
      <ProblemAlert error={verify.error} />
      {result && (
        <div className={result.verified ? 'alert alert-success' : 'alert alert-warning'} role="status">
          <strong>{result.verified ? t('domains.verified') : t('domains.notVerified')}</strong>
          <p>
            {t('domains.ownershipCheck')}{' '}
            <Status kind={result.ownership === 'OK' ? 'ok' : 'bad'}>{t(`ownershipCheck.${result.ownership}`)}</Status>
            {' '}{t('domains.cnameCheck')}{' '}
            <Status kind={result.cname === 'OK' ? 'ok' : 'bad'}>{t(`cnameCheck.${result.cname}`)}</Status>
          </p>
          {result.found && result.found.length > 0 && (
            <p>{t('domains.found')} <code>{result.found.join(', ')}</code></p>
          )}
          <p lang="en">{result.message}</p>
        </div>
      )}
    </div>
  );
}
