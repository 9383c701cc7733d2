import { createBrowserRouter, Navigate } from 'react-router';
import { LogInPage } from '../auth/LogInPage';
import { SignUpPage } from '../auth/SignUpPage';
import { Layout } from './Layout';
import { NotFound } from './NotFound';
import { RequireSession } from './RequireSession';

// Each page is its own chunk, loaded when first visited: the first page a visitor sees (log-in) carries only the
// shell. The control plane serves index.html for these paths' first segments (console/ConsoleFilter.PAGES).
const page = (load: () => Promise<{ default: React.ComponentType }>) => async () => ({ Component: (await load()).default });

export const router = createBrowserRouter([
  { path: '/login', element: <LogInPage /> },
  { path: '/signup', element: <SignUpPage /> },
  {
    element: <RequireSession role="tenant"><Layout role="tenant" /></RequireSession>,
    children: [
      { index: true, element: <Navigate to="/domains" replace /> },
      { path: 'domains', lazy: page(() => import('../domains/DomainsPage')) },
      { path: 'domains/:name', lazy: page(() => import('../domains/DomainDetailPage')) },
      { path: 'streams', lazy: page(() => import('../streams/StreamsPage')) },
      { path: 'recordings', lazy: page(() => import('../recordings/RecordingsPage')) },
      { path: 'usage', lazy: page(() => import('../usage/UsagePage')) },
      { path: 'billing', lazy: page(() => import('../billing/BillingPage')) },
      { path: 'api-keys', lazy: page(() => import('../apikeys/ApiKeysPage')) },
    ],
  },
  {
    path: '/operator',
    element: <RequireSession role="operator"><Layout role="operator" /></RequireSession>,
    children: [
      { index: true, element: <Navigate to="/operator/nodes" replace /> },
      { path: 'nodes', lazy: page(() => import('../operator/NodesPage')) },
      { path: 'tenants', lazy: page(() => import('../operator/TenantsPage')) },
      { path: 'skus', lazy: page(() => import('../operator/SkusPage')) },
      { path: 'node-tokens', lazy: page(() => import('../operator/NodeTokensPage')) },
    ],
  },
  { path: '*', element: <NotFound /> },
]);
