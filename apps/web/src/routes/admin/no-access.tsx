import { Button } from '@gatehouse/ui/button';
import { EmptyState } from '@gatehouse/ui/empty-state';
import { ShieldOff } from 'lucide-react';
import { Link } from 'react-router';
import { HOME_PATH } from '../../lib/redirect';

type NoAccessProps = {
  /**
   * 'area': no admin page at all (a member at an old bookmark). 'page': some admin pages, but
   * not this one (a custom role with only audit:read at /admin/members).
   */
  scope?: 'area' | 'page';
};

const DESCRIPTIONS: Record<NonNullable<NoAccessProps['scope']>, string> = {
  area: "The admin area is for your organisation's owners and admins. Ask an owner if you need access.",
  page: "Your role doesn't include this page. Pick one from the menu, or ask an owner if you need access.",
};

/** What someone sees at an /admin address they can't use (an old bookmark, a link from a colleague). */
export function NoAccess({ scope = 'area' }: NoAccessProps) {
  return (
    <EmptyState
      icon={<ShieldOff />}
      title={<h1>You don't have access to this page</h1>}
      description={DESCRIPTIONS[scope]}
      action={
        <Button asChild variant="outline">
          <Link to={HOME_PATH}>Back to your profile</Link>
        </Button>
      }
    />
  );
}
