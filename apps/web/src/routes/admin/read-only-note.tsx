import { Alert } from '@gatehouse/ui/alert';
import { Lock } from 'lucide-react';
import { useCanManage } from './use-can-manage';

/**
 * Tells an admin why the page has no buttons, instead of leaving them to wonder. Owners see nothing.
 * `canManage` is for pages guarded by one finer permission than org:write (settings:write, …).
 */
export function ReadOnlyNote({ canManage }: { canManage?: boolean }) {
  const hasOrgWrite = useCanManage();
  if (canManage ?? hasOrgWrite) return null;
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
