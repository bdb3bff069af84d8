import { Button } from '@gatehouse/ui/button';
import { EmptyState } from '@gatehouse/ui/empty-state';
import { LinkIcon } from 'lucide-react';
import { Link } from 'react-router';
import { Brand } from '../../components/brand';

/** One message for every unusable link: the server doesn't say why, so nobody can probe tokens. */
export function DeadInvitation() {
  return (
    <div className="flex min-h-dvh flex-col items-center justify-center gap-8 px-4 py-12">
      <Brand />
      <main className="w-full max-w-md">
        <EmptyState
          icon={<LinkIcon />}
          title={<h1>This invitation link is invalid or has expired</h1>}
          description="Invitation links work once and expire after 7 days. If you already accepted, sign in; otherwise ask the person who invited you for a new link."
          action={
            <Button asChild>
              <Link to="/sign-in">Sign in</Link>
            </Button>
          }
          className="border-solid bg-card"
        />
      </main>
    </div>
  );
}
