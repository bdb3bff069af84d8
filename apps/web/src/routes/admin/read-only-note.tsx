import { Alert } from '@gatehouse/ui/alert';
import { Lock } from 'lucide-react';

/**
 * Tells someone whose role can read a page but not change it (an admin, or a custom role) why the
 * page has no buttons, instead of leaving them to wonder. Worded for any role, not just admins.
 */
export function ReadOnlyNote() {
  return (
    <Alert role="status">
      <Lock aria-hidden />
      <p>
        <span className="font-medium">View only.</span>{' '}
        <span className="text-muted-foreground">
          Your role can see this page but not change it. An owner can, or can give your role the permission.
        </span>
      </p>
    </Alert>
  );
}
