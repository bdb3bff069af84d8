import { Button } from '@gatehouse/ui/button';
import { History } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { ConfirmDialog } from '../../components/confirm-dialog';
import type { DateFormat } from '../../lib/date-format';
import { trpc, type ApiKey } from '../../lib/trpc';

type RotationNoticeProps = { apiKey: ApiKey & { previousSecretExpiresAt: string }; dates: DateFormat };

/** A rotation in its grace period: two secrets work until the old one runs out or is ended here. */
export function RotationNotice({ apiKey, dates }: RotationNoticeProps) {
  const utils = trpc.useUtils();
  const finish = trpc.me.apiKeys.completeRotation.useMutation();
  const [confirming, setConfirming] = useState(false);

  // Asked first: a script still holding the previous secret starts failing at once.
  const confirm = async () => {
    await finish.mutateAsync({ keyId: apiKey.id });
    toast.success('Rotation finished');
    await utils.me.apiKeys.list.invalidate();
  };

  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border border-warning/40 bg-warning/10 px-3 py-2 text-sm text-warning-foreground">
      <History aria-hidden className="size-4 shrink-0" />
      <p className="min-w-0 flex-1 basis-60">
        <span className="font-medium">
          Previous secret valid until {dates.dateTime(apiKey.previousSecretExpiresAt)}.
        </span>{' '}
        Finish the rotation once everything uses the new secret.
      </p>
      <Button variant="outline" size="sm" aria-label={`Finish rotation for ${apiKey.name}`} onClick={() => setConfirming(true)}>
        Finish rotation
      </Button>
      <ConfirmDialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={`Finish rotating ${apiKey.name}?`}
        description={`The previous secret stops working now instead of at ${dates.dateTime(apiKey.previousSecretExpiresAt)}. Anything still using it will be refused; only the new secret works.`}
        confirmLabel="End previous secret"
        onConfirm={confirm}
      />
    </div>
  );
}
