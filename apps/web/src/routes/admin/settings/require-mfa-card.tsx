import { Alert } from '@gatehouse/ui/alert';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@gatehouse/ui/card';
import { Label } from '@gatehouse/ui/label';
import { Skeleton } from '@gatehouse/ui/skeleton';
import { Switch } from '@gatehouse/ui/switch';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { toast } from 'sonner';
import { LoadError } from '../../../components/load-error';
import { describeError } from '../../../lib/describe-error';
import { trpc } from '../../../lib/trpc';

/** The organisation's two-factor policy: owners (settings:write) switch it; admins see where it stands. */
export function RequireMfaCard({ canManage }: { canManage: boolean }) {
  const switchId = useId();
  const utils = trpc.useUtils();
  const settings = trpc.orgAdmin.settings.get.useQuery();
  const ownMfa = trpc.me.mfa.status.useQuery(undefined, { enabled: canManage });
  const update = trpc.orgAdmin.settings.update.useMutation();
  const [error, setError] = useState<string | null>(null);

  // An owner without a factor would be the first one locked out: the server refuses, so say so first.
  const ownerLacksMfa = canManage && ownMfa.data?.enabled === false;
  const required = settings.data?.requireMfa ?? false;

  const change = async (requireMfa: boolean) => {
    setError(null);
    try {
      await update.mutateAsync({ requireMfa });
      await utils.orgAdmin.settings.get.invalidate();
      toast.success(requireMfa ? 'Two-factor authentication is now required.' : 'Two-factor authentication is no longer required.');
    } catch (err) {
      // MFA_REQUIRED here: the owner's own account has no second factor (the server's sentence says so).
      setError(describeError(err));
      void ownMfa.refetch();
    }
  };

  const renderBody = () => {
    if (settings.data) {
      return (
        <div className="grid gap-4">
          <div className="flex items-center gap-3">
            <Switch
              id={switchId}
              checked={required}
              disabled={!canManage || update.isPending || (ownerLacksMfa && !required)}
              aria-busy={update.isPending}
              onCheckedChange={(next) => void change(next)}
            />
            <Label htmlFor={switchId}>Require two-factor authentication</Label>
          </div>
          {ownerLacksMfa && !required ? (
            <Alert variant="warning" role="status">
              <p>
                Turn on two-factor authentication for your own account first, so you can't lock yourself out.{' '}
                <Link to="/security" className="font-medium underline underline-offset-4">
                  Go to your security settings
                </Link>
              </p>
            </Alert>
          ) : null}
          {error ? <Alert variant="destructive">{error}</Alert> : null}
        </div>
      );
    }
    if (settings.isError) {
      return <LoadError title="We couldn't load the organisation's settings" error={settings.error} onRetry={() => void settings.refetch()} />;
    }
    return <Skeleton aria-label="Loading settings" className="h-5 w-64" />;
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>Two-factor authentication</CardTitle>
        <CardDescription>
          When required, members without two-factor authentication are asked to set it up the next time they open
          Gatehouse. Until they do, they can't use anything else, and their API keys are refused. Changing this needs
          your password (or a code) again.
        </CardDescription>
      </CardHeader>
      <CardContent>{renderBody()}</CardContent>
    </Card>
  );
}
