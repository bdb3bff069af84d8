import { Button } from '@gatehouse/ui/button';
import { Spinner } from '@gatehouse/ui/spinner';
import { History } from 'lucide-react';
import { toast } from 'sonner';
import type { DateFormat } from '../../lib/date-format';
import { describeError } from '../../lib/describe-error';
import { trpc, type ApiKey } from '../../lib/trpc';

type RotationNoticeProps = { apiKey: ApiKey & { previousSecretExpiresAt: string }; dates: DateFormat };

/** A rotation in its grace period: two secrets work until the old one runs out or is ended here. */
export function RotationNotice({ apiKey, dates }: RotationNoticeProps) {
  const utils = trpc.useUtils();
  // No confirmation step: ending the old secret early is what the user clicked, and it only removes access.
  const finish = trpc.me.apiKeys.completeRotation.useMutation({
    onSuccess: () => {
      toast.success('Rotation finished');
      void utils.me.apiKeys.list.invalidate();
    },
    onError: (err) => toast.error(describeError(err)),
  });

  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border border-warning/40 bg-warning/10 px-3 py-2 text-sm text-warning-foreground">
      <History aria-hidden className="size-4 shrink-0" />
      <p className="min-w-0 flex-1 basis-60">
        <span className="font-medium">
          Previous secret valid until {dates.dateTime(apiKey.previousSecretExpiresAt)}.
        </span>{' '}
        Finish the rotation once everything uses the new secret.
      </p>
      <Button
        variant="outline"
        size="sm"
        aria-label={`Finish rotation for ${apiKey.name}`}
        onClick={() => finish.mutate({ keyId: apiKey.id })}
        disabled={finish.isPending}
        aria-busy={finish.isPending}
      >
        {finish.isPending ? <Spinner /> : null}
        Finish rotation
      </Button>
    </div>
  );
}
