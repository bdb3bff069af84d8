import { createApiKeyInput, type CreateApiKeyInput } from '@gatehouse/api/schemas';
import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@gatehouse/ui/dialog';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { NativeSelect } from '@gatehouse/ui/native-select';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { SubmitButton } from '../../components/submit-button';
import type { DateFormat } from '../../lib/date-format';
import { applyServerErrors } from '../../lib/form-errors';
import { useReturnFocus } from '../../lib/return-focus';
import { trpc } from '../../lib/trpc';
import { useMe } from '../../shell/me-context';
import { DEFAULT_EXPIRY_DAYS, EXPIRY_CHOICES, expiryDateIn } from './expiry';
import { ScopeFieldset } from './scope-fieldset';
import { SecretReveal, secretDialogProps } from './secret-reveal';

type CreateKeyDialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  dates: DateFormat;
  /** Where focus goes on close if the button that opened the dialog is gone (the empty state's). */
  focusFallback: () => void;
  /** Mints someone else's key (a service account's); by default, the caller's own. */
  mint?: (values: CreateApiKeyInput) => Promise<{ key: { name: string }; secret: string }>;
  /** The scopes that may be picked (default: the caller's own rights). */
  allowed?: readonly string[];
  /** Who the key acts as, in the dialog's introduction (default: "you"). */
  actsAs?: string;
};

export function CreateKeyDialog({ open, onOpenChange, ...props }: CreateKeyDialogProps) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {/* Mounted per opening: the form starts empty, and the secret goes when the dialog does. */}
      {open ? <CreateKeyFlow onClose={() => onOpenChange(false)} {...props} /> : null}
    </Dialog>
  );
}

type CreateKeyFlowProps = Omit<CreateKeyDialogProps, 'open' | 'onOpenChange'> & { onClose: () => void };

/** One dialog, two steps: the form, then the secret. One focus scope throughout. */
function CreateKeyFlow({ onClose, dates, focusFallback, mint, allowed, actsAs }: CreateKeyFlowProps) {
  const utils = trpc.useUtils();
  // gcTime 0 plus reset() below: the mutation cache must not keep the secret after we took it.
  const create = trpc.me.apiKeys.create.useMutation({ gcTime: 0 });
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const returnFocus = useReturnFocus(focusFallback);

  const submit = async (values: CreateApiKeyInput) => {
    const { key, secret } = mint ? await mint(values) : await create.mutateAsync(values);
    create.reset();
    setCreated({ name: key.name, secret });
    toast.success('API key created');
    if (!mint) void utils.me.apiKeys.list.invalidate();
  };

  return (
    <DialogContent
      showCloseButton={false}
      onCloseAutoFocus={returnFocus}
      {...secretDialogProps({ pending: create.isPending, revealing: created !== null })}
    >
      {created ? (
        <SecretReveal secret={created.secret} keyName={created.name} onDone={onClose} />
      ) : (
        <CreateKeyForm submit={submit} pending={create.isPending} onCancel={onClose} dates={dates} allowed={allowed} actsAs={actsAs} />
      )}
    </DialogContent>
  );
}

const fields = ['name', 'scopes', 'expiresInDays'] as const;

type CreateKeyFormProps = {
  submit: (values: CreateApiKeyInput) => Promise<void>;
  pending: boolean;
  onCancel: () => void;
  dates: DateFormat;
  allowed?: readonly string[] | undefined;
  actsAs?: string | undefined;
};

function CreateKeyForm({ submit, pending, onCancel, dates, allowed, actsAs }: CreateKeyFormProps) {
  const me = useMe();
  const [formError, setFormError] = useState<string | null>(null);
  const [now] = useState(Date.now);
  const form = useForm({
    resolver: zodResolver(createApiKeyInput),
    defaultValues: { name: '', scopes: [], expiresInDays: DEFAULT_EXPIRY_DAYS },
  });
  const { errors } = form.formState;
  const days = form.watch('expiresInDays');

  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(null);
    try {
      await submit(values);
    } catch (err) {
      setFormError(
        applyServerErrors(err, { setError: form.setError, fields, reasonFields: { INSUFFICIENT_ROLE: 'scopes' } }),
      );
    }
  });

  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)} className="grid gap-5">
      <DialogHeader>
        <DialogTitle>Create API key</DialogTitle>
        <DialogDescription>
          The key acts as {actsAs ?? 'you'}, limited to the scopes you pick. You'll see its secret once, right after you create
          it.
        </DialogDescription>
      </DialogHeader>

      <FormField label="Name" description="Where it's used, e.g. deploy-bot or laptop-cli." error={errors.name?.message}>
        {(control) => <Input {...control} {...form.register('name')} autoComplete="off" maxLength={100} />}
      </FormField>

      <Controller
        control={form.control}
        name="scopes"
        render={({ field, fieldState }) => (
          <ScopeFieldset
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            focusRef={field.ref}
            allowed={allowed ?? me.permissions}
            error={fieldState.error?.message}
          />
        )}
      />

      <FormField
        label="Expires in"
        description={Number.isFinite(days) ? `The key stops working on ${dates.date(expiryDateIn(days, now))}.` : undefined}
        error={errors.expiresInDays?.message}
      >
        {(control) => (
          <NativeSelect {...control} {...form.register('expiresInDays', { valueAsNumber: true })}>
            {EXPIRY_CHOICES.map((choice) => (
              <option key={choice} value={choice}>
                {choice} days
              </option>
            ))}
          </NativeSelect>
        )}
      </FormField>

      {formError ? <Alert variant="destructive">{formError}</Alert> : null}

      <DialogFooter>
        <Button variant="outline" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
        <SubmitButton pending={pending}>Create key</SubmitButton>
      </DialogFooter>
    </form>
  );
}
