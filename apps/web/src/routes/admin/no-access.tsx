import { Button } from '@gatehouse/ui/button';
import { EmptyState } from '@gatehouse/ui/empty-state';
import { ShieldOff } from 'lucide-react';
import { Link } from 'react-router';
import { HOME_PATH } from '../../lib/redirect';

/** What a member sees at an /admin address (an old bookmark, a link from a colleague). */
export function NoAccess() {
  return (
    <EmptyState
      icon={<ShieldOff />}
      title={<h1>You don't have access to this page</h1>}
      description="The admin area is for your organisation's owners and admins. Ask an owner if you need access."
      action={
        <Button asChild variant="outline">
          <Link to={HOME_PATH}>Back to your profile</Link>
        </Button>
      }
    />
  );
}
