import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@gatehouse/ui/dialog';
import { Label } from '@gatehouse/ui/label';
import { RadioGroup, RadioGroupItem } from '@gatehouse/ui/radio-group';
import { useId, useState, type FormEvent } from 'react';
import { toast } from 'sonner';
import { SubmitButton } from '../../components/submit-button';
import type { DateFormat } from '../../lib/date-format';
import { describeError } from '../../lib/describe-error';
import { useReturnFocus } from '../../lib/return-focus';
import { trpc, type ApiKey } from '../../lib/trpc';
import { SecretReveal, secretDialogProps } from './secret-reveal';

/** The grace periods on offer, in seconds, within the server's 0 to 7 days. */
const GRACE_CHOICES = [
  { seconds: 0, label: 'No grace period (revoke now)' },
  { seconds: 3_600, label: '1 hour' },
  { seconds: 86_400, label: '24 hours' },
  { seconds: 604_800, label: '7 days' },
] as const;
const DEFAULT_GRACE_SECONDS = 86_400;

type RotateKeyDialogProps = { apiKey: ApiKey | null; onClose: () => void; dates: DateFormat; focusFallback: () => void };

export function RotateKeyDialog({ apiKey, onClose, ...props }: RotateKeyDialogProps) {
  return (
    <Dialog open={apiKey !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      {apiKey ? <RotateKeyFlow apiKey={apiKey} onClose={onClose} {...props} /> : null}
    </Dialog>
  );
}

type Rotated = { secret: string; previousValidUntil: string | null };

/** One dialog, two steps: the grace period, then the new secret. One focus scope throughout. */
function RotateKeyFlow({ apiKey, onClose, dates, focusFallback }: RotateKeyDialogProps & { apiKey: ApiKey }) {
  const utils = trpc.useUtils();
  // gcTime 0 plus reset() below: the mutation cache must not keep the secret after we took it.
  const rotate = trpc.me.apiKeys.rotate.useMutation({ gcTime: 0 });
  const [rotated, setRotated] = useState<Rotated | null>(null);
  const returnFocus = useReturnFocus(focusFallback);

  const submit = async (gracePeriodSeconds: number) => {
    const { key, secret } = await rotate.mutateAsync({ keyId: apiKey.id, gracePeriodSeconds });
    rotate.reset();
    setRotated({ secret, previousValidUntil: key.previousSecretExpiresAt });
    toast.success('API key rotated');
    void utils.me.apiKeys.list.invalidate();
  };

  const note = rotated?.previousValidUntil
    ? `The previous secret keeps working until ${dates.dateTime(rotated.previousValidUntil)}. Finish the rotation once everything uses the new one.`
    : 'The previous secret has stopped working.';

  return (
    <DialogContent
      showCloseButton={false}
      onCloseAutoFocus={returnFocus}
      {...secretDialogProps({ pending: rotate.isPending, revealing: rotated !== null })}
    >
      {rotated ? (
        <SecretReveal secret={rotated.secret} keyName={apiKey.name} note={note} onDone={onClose} />
      ) : (
        <RotateKeyForm apiKey={apiKey} submit={submit} pending={rotate.isPending} onCancel={onClose} />
      )}
    </DialogContent>
  );
}

type RotateKeyFormProps = {
  apiKey: ApiKey;
  submit: (gracePeriodSeconds: number) => Promise<void>;
  pending: boolean;
  onCancel: () => void;
};

function RotateKeyForm({ apiKey, submit, pending, onCancel }: RotateKeyFormProps) {
  const [grace, setGrace] = useState(String(DEFAULT_GRACE_SECONDS));
  const [error, setError] = useState<string | null>(null);
  const groupLabelId = useId();
  const optionId = useId();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await submit(Number(grace));
    } catch (err) {
      setError(describeError(err));
    }
  };

  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)} className="grid gap-5">
      <DialogHeader>
        <DialogTitle>Rotate {apiKey.name}</DialogTitle>
        <DialogDescription>
          A new secret replaces the current one. The key keeps its name, scopes and expiry date.
        </DialogDescription>
      </DialogHeader>

      <div className="grid gap-3">
        <Label id={groupLabelId} asChild>
          <p>Keep the old secret working for</p>
        </Label>
        <RadioGroup aria-labelledby={groupLabelId} value={grace} onValueChange={setGrace}>
          {GRACE_CHOICES.map(({ seconds, label }) => (
            <div key={seconds} className="flex items-center gap-3">
              <RadioGroupItem id={`${optionId}-${seconds}`} value={String(seconds)} />
              <Label htmlFor={`${optionId}-${seconds}`} className="font-normal">
                {label}
              </Label>
            </div>
          ))}
        </RadioGroup>
        <p className="text-xs text-muted-foreground">
          Time to move your scripts and CI jobs to the new secret before the old one stops working.
        </p>
      </div>

      {error ? <Alert variant="destructive">{error}</Alert> : null}

      <DialogFooter>
        <Button variant="outline" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <SubmitButton pending={pending}>Rotate key</SubmitButton>
      </DialogFooter>
    </form>
  );
}
