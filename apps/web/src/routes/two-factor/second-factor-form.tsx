import { backupCodeField, totpCodeField } from '@gatehouse/api/schemas';
import { Alert } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { FormField } from '@gatehouse/ui/form-field';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { SubmitButton } from '../../components/submit-button';
import { AuthenticatorCodeInput, BackupCodeInput } from './code-input';
import { describeCodeError, WRONG_AUTHENTICATOR_CODE, WRONG_BACKUP_CODE } from './mfa-errors';

export type SecondFactorInput = { code: string } | { backupCode: string };

type SecondFactorFormProps = {
  /** What the account has, as the server named it (`totp`, `passkey`, …). */
  methods: readonly string[];
  /** Sends the factor; rejects with the server's error. */
  verify: (input: SecondFactorInput) => Promise<void>;
  /** True for an error that means the pending step is gone (expired, or too many tries): start again. */
  isExpired: (err: unknown) => boolean;
  onRestart: () => void;
  submitLabel?: string;
  /** Other ways in, e.g. a passkey button, shown above the code form. */
  children?: ReactNode;
};

type Mode = 'authenticator' | 'backup';

/**
 * The second step after a password: a code from the authenticator app, or one of the backup
 * codes when the app is out of reach. Used by sign-in and by a password reset.
 */
export function SecondFactorForm({ methods, verify, isExpired, onRestart, submitLabel = 'Verify', children }: SecondFactorFormProps) {
  const hasAuthenticator = methods.includes('totp');
  const hasBackupCodes = methods.includes('backup_code');
  // A passkey-only account without backup codes has no code form: only the other ways in (children).
  const [mode, setMode] = useState<Mode | null>(hasAuthenticator ? 'authenticator' : hasBackupCodes ? 'backup' : null);
  const [expired, setExpired] = useState(false);

  if (expired) {
    return (
      <div className="grid gap-4">
        <Alert variant="destructive">
          This sign-in attempt has expired or was stopped after too many tries. Start again with your email and password.
        </Alert>
        <Button onClick={onRestart} className="w-full" autoFocus>
          Start again
        </Button>
      </div>
    );
  }

  const endsStep = (err: unknown) => {
    if (!isExpired(err)) return false;
    setExpired(true);
    return true;
  };

  return (
    <div className="grid gap-4">
      {children}
      {/* Keyed by mode: switching starts the other code's form empty, without the last one's error. */}
      {mode ? <CodeForm key={mode} mode={mode} verify={verify} endsStep={endsStep} submitLabel={submitLabel} /> : null}
      {hasAuthenticator && hasBackupCodes ? (
        <Button
          variant="link"
          className="h-auto justify-self-center p-0"
          onClick={() => setMode(mode === 'authenticator' ? 'backup' : 'authenticator')}
        >
          {mode === 'authenticator' ? 'Use a backup code instead' : 'Use your authenticator app instead'}
        </Button>
      ) : null}
    </div>
  );
}

/**
 * What tells the two kinds of code apart. The form around them is one (CodeForm), so a fix to
 * how a wrong code or an expired step is shown reaches both.
 */
const CODE_KINDS = {
  authenticator: {
    schema: z.object({ code: totpCodeField }),
    proof: (code: string): SecondFactorInput => ({ code }),
    label: 'Authentication code',
    description: 'Open your authenticator app and enter the 6-digit code for Gatehouse.',
    wrongCode: WRONG_AUTHENTICATOR_CODE,
    Input: AuthenticatorCodeInput,
  },
  backup: {
    schema: z.object({ code: backupCodeField }),
    proof: (backupCode: string): SecondFactorInput => ({ backupCode }),
    label: 'Backup code',
    description: 'One of the codes you saved when you turned on two-factor authentication. Each code works once.',
    wrongCode: WRONG_BACKUP_CODE,
    Input: BackupCodeInput,
  },
} as const;

type CodeFormProps = {
  mode: Mode;
  verify: (input: SecondFactorInput) => Promise<void>;
  /** True when the error ended the whole step (the form then has nothing to show). */
  endsStep: (err: unknown) => boolean;
  submitLabel: string;
};

function CodeForm({ mode, verify, endsStep, submitLabel }: CodeFormProps) {
  const kind = CODE_KINDS[mode];
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ resolver: zodResolver(kind.schema), defaultValues: { code: '' } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async ({ code }) => {
    setFormError(null);
    try {
      await verify(kind.proof(code));
    } catch (err) {
      if (endsStep(err)) return;
      const { field, alert } = describeCodeError(err, kind.wrongCode);
      if (field) form.setError('code', { type: 'server', message: field }, { shouldFocus: true });
      setFormError(alert);
    }
  });

  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)} className="grid gap-4">
      <FormField label={kind.label} description={kind.description} error={errors.code?.message}>
        {(control) => <kind.Input {...control} {...form.register('code')} autoFocus />}
      </FormField>
      {formError ? <Alert variant="destructive">{formError}</Alert> : null}
      <SubmitButton pending={isSubmitting} className="w-full">
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
