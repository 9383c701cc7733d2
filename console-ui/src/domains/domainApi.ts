import { useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client';
import type { components } from '../api/generated/schema';

export type Domain = components['schemas']['Domain'];
export type DomainVerification = components['schemas']['DomainVerification'];

export const DOMAINS_KEY = ['domains'];
export const domainKey = (name: string) => ['domain', name];

/** Every domain of the tenant (pages of 100 read to the end: a tenant has a handful, the pickers need them all). */
export async function allDomains(): Promise<Domain[]> {
  const domains: Domain[] = [];
  let pageToken: string | undefined;
  do {
    const page = await call(api.GET('/v1/domains', { params: { query: { pageSize: 100, pageToken } } }));
    domains.push(...page.items);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return domains;
}

export function useDomains() {
  return useQuery({ queryKey: DOMAINS_KEY, queryFn: allDomains });
}

export function useDomain(name: string) {
  return useQuery({
    queryKey: domainKey(name),
    queryFn: () => call(api.GET('/v1/domains/{name}', { params: { path: { name } } })),
  });
}

/** The pull domains that play a push domain's streams. */
export function pullDomainsOf(domains: Domain[], push: string): Domain[] {
  return domains.filter((d) => d.type === 'pull' && d.pushDomain === push);
}
