import { Button } from '@gatehouse/ui/button';
import { EmptyState } from '@gatehouse/ui/empty-state';
import { Compass } from 'lucide-react';
import { Link } from 'react-router';

type AdminNotFoundProps = {
  /** "member", "team": what the address pointed at. */
  what?: string;
  back?: { to: string; label: string };
};

/**
 * An unknown admin address, or an id that isn't in this organisation (the server answers
 * NOT_FOUND for another organisation's ids exactly as for missing ones, and so do we).
 */
export function AdminNotFound({ what, back = { to: '/admin/members', label: 'Back to members' } }: AdminNotFoundProps) {
  return (
    <EmptyState
      icon={<Compass />}
      title={<h1>{what ? `This ${what} doesn't exist` : 'Page not found'}</h1>}
      description={
        what
          ? 'It may have been removed, or the link is wrong.'
          : "This admin page doesn't exist. Check the address, or pick a page from the menu."
      }
      action={
        <Button asChild variant="outline">
          <Link to={back.to}>{back.label}</Link>
        </Button>
      }
    />
  );
}
