import { Alert } from '@gatehouse/ui/alert';
import { Lock } from 'lucide-react';

/** Tells an admin why the page has no buttons, instead of leaving them to wonder. */
export function ReadOnlyNote() {
  return (
    <Alert role="status">
      <Lock aria-hidden />
      <p>
        <span className="font-medium">Only owners can make changes.</span>{' '}
        <span className="text-muted-foreground">As an admin you can see everything here.</span>
      </p>
    </Alert>
  );
}
