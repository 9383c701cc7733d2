// Every page of the console, for the walks (no console error, axe, Chinese): a tenant's and the operator's.

/** The tenant's pages, given its push and pull domain. */
export function tenantPages(push, pull) {
  const domain = (name, tab) => `/domains/${encodeURIComponent(name)}?tab=${tab}`;
  return [
    '/domains',
    ...['overview', 'urls', 'signing', 'streamKeys', 'access', 'callbacks', 'recording'].map((tab) => domain(push, tab)),
    ...['overview', 'urls', 'signing', 'access'].map((tab) => domain(pull, tab)),
    '/streams',
    '/recordings',
    '/usage',
    '/billing',
    '/api-keys',
  ];
}

export const OPERATOR_PAGES = ['/operator/nodes', '/operator/tenants', '/operator/skus', '/operator/node-tokens'];

export const PUBLIC_PAGES = ['/login', '/signup'];
