import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { FormField } from '@gatehouse/ui/form-field';
import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { CopyField } from '../../components/copy-field';
import { SubmitButton } from '../../components/submit-button';
import { AuthenticatorCodeInput } from './code-input';
import { totpConfirmInput } from '@gatehouse/api/schemas';
import { describeCodeError, WRONG_AUTHENTICATOR_CODE } from './mfa-errors';
import { TotpQrCode } from './totp-qr-code';

type TotpEnrolmentProps = {
  secret: string;
  otpauthUrl: string;
  /** Sends the first code; rejects with the server's error, which is shown here. */
  onConfirm: (code: string) => Promise<void>;
  onCancel: () => void;
  cancelLabel?: string;
};

/**
 * Scan (or type) the secret, then prove the app has it with one code: the factor only counts
 * once a code made from it has been accepted, so a mis-scanned secret never locks anyone out.
 */
export function TotpEnrolment({ secret, otpauthUrl, onConfirm, onCancel, cancelLabel = 'Cancel' }: TotpEnrolmentProps) {
  const id = useId();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(totpConfirmInput), defaultValues: { code: '' } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async ({ code }) => {
    setFormError(null);
    try {
      await onConfirm(code);
    } catch (err) {
      const { field, alert } = describeCodeError(err, WRONG_AUTHENTICATOR_CODE);
      if (field) form.setError('code', { type: 'server', message: field }, { shouldFocus: true });
      setFormError(alert);
    }
  });

  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)} className="grid gap-6">
      <section aria-labelledby={`${id}-scan`} className="grid gap-3">
        <h3 id={`${id}-scan`} className="text-sm font-semibold">
          1. Scan this QR code with your authenticator app
        </h3>
        <p className="text-sm text-muted-foreground">
          Use an app such as 1Password, Google Authenticator, Microsoft Authenticator or Authy.
        </p>
        <div className="flex flex-col gap-4 sm:flex-row sm:items-start">
          <TotpQrCode otpauthUrl={otpauthUrl} />
          <div className="grid min-w-0 flex-1 gap-2">
            <p className="text-sm text-muted-foreground">Can't scan it? Enter this setup key in the app instead.</p>
            <CopyField label="Setup key" value={secret} />
            <p className="text-xs text-muted-foreground">Time-based, 6 digits, every 30 seconds.</p>
          </div>
        </div>
      </section>

      <section aria-labelledby={`${id}-verify`} className="grid gap-3">
        <h3 id={`${id}-verify`} className="text-sm font-semibold">
          2. Enter the code the app shows
        </h3>
        <FormField label="Authentication code" error={errors.code?.message}>
          {(control) => <AuthenticatorCodeInput {...control} {...form.register('code')} />}
        </FormField>
      </section>

      {formError ? <Alert variant="destructive">{formError}</Alert> : null}

      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="outline" onClick={onCancel} disabled={isSubmitting}>
          {cancelLabel}
        </Button>
        <SubmitButton pending={isSubmitting}>Verify and turn on</SubmitButton>
      </div>
    </form>
  );
}
