import { Skeleton } from '@gatehouse/ui/skeleton';
import { lazy, Suspense } from 'react';
import { LazyBoundary } from '../../components/lazy-boundary';
import { LoadError } from '../../components/load-error';
import { firstAdminPage } from '../../lib/admin-pages';
import { useHeldPermissions } from '../../lib/use-access';
import { useMe } from '../../shell/me-context';
import { NoAccess } from './no-access';

// A separate chunk: members never download the admin screens, and everyone else's first load is lighter.
const AdminRoutes = lazy(() => import('./admin-routes').then((module) => ({ default: module.AdminRoutes })));

/**
 * The door to /admin/*. The server refuses every admin call without the page's permission
 * anyway; this guard only spares people a page of errors (and the download) by saying so
 * plainly. Which pages someone may open comes from `me.access`, page by page (AdminRoutes).
 */
export function AdminArea() {
  const me = useMe();
  const hasOrgRead = me.permissions.includes('org:read');
  const { held, error, retry } = useHeldPermissions(hasOrgRead);
  if (!hasOrgRead) return <NoAccess />;
  if (error) return <LoadError title="We couldn't load what your role allows" error={error} onRetry={retry} />;
  if (!held) return <AdminLoading />;
  // org:read through a permission no admin page opens with on its own (member-keys:read alone, say).
  const landing = firstAdminPage(held);
  if (!landing) return <NoAccess />;
  return (
    <LazyBoundary what="the admin area">
      <Suspense fallback={<AdminLoading />}>
        <AdminRoutes held={held} landing={landing} />
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
