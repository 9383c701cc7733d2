import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from '../api/session';
import { Loading } from '../components/Loading';
import { ProblemAlert } from '../components/ProblemAlert';

/** Shows its pages to a logged-in user of the right role; anyone else goes to the log-in page (and back after). */
export function RequireSession({ role, children }: { role: 'tenant' | 'operator'; children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) {
    return <main className="centered"><Loading /></main>;
  }
  if (session.isError) {
    return <main className="centered"><ProblemAlert error={session.error} /></main>;
  }
  if (!session.data) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  }
  if (session.data.role !== role) {
    return <Navigate to={session.data.role === 'operator' ? '/operator' : '/domains'} replace />;
  }
  return children;
}
