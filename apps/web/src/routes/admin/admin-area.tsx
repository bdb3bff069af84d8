import { Skeleton } from '@gatehouse/ui/skeleton';
import { lazy, Suspense } from 'react';
import { LazyBoundary } from '../../components/lazy-boundary';
import { useMe } from '../../shell/me-context';
import { NoAccess } from './no-access';

// A separate chunk: members never download the admin screens, and everyone else's first load is lighter.
const AdminRoutes = lazy(() => import('./admin-routes').then((module) => ({ default: module.AdminRoutes })));

/**
 * The door to /admin/*. The server refuses every admin call without org:read anyway; this guard
 * only spares members a page of errors (and the download) by saying so plainly.
 */
export function AdminArea() {
  const me = useMe();
  if (!me.permissions.includes('org:read')) return <NoAccess />;
  return (
    <LazyBoundary what="the admin area">
      <Suspense fallback={<AdminLoading />}>
        <AdminRoutes />
      </Suspense>
    </LazyBoundary>
  );
}

function AdminLoading() {
  return (
    <div role="status" aria-label="Loading the admin area" aria-busy className="grid gap-6">
      <Skeleton className="h-8 w-48" />
      <Skeleton className="h-64 w-full rounded-xl" />
    </div>
  );
}
