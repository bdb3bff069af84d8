import { Button } from '@gatehouse/ui/button';
import type { ReactNode } from 'react';
import { AuthLayout } from '../../components/auth-layout';
import { trpc } from '../../lib/trpc';
import { isPendingSignInGone } from './pending-sign-in';
import { SecondFactorForm } from './second-factor-form';

type SignInSecondStepProps = {
  methods: readonly string[];
  /** The factor was accepted: the session exists now. */
  onVerified: () => Promise<void> | void;
  /** Back to the password step. */
  onRestart: () => void;
  title?: string;
  description?: string;
  submitLabel?: string;
  restartLabel?: string;
  /** Other ways to finish, e.g. a passkey button. */
  children?: ReactNode;
};

/** After the right password, for an account with two-factor on: the code, then the session. */
export function SignInSecondStep({
  methods,
  onVerified,
  onRestart,
  title = 'Two-factor authentication',
  description = 'Your account is protected with two-factor authentication. Enter a code to finish signing in.',
  submitLabel = 'Verify',
  restartLabel = 'Use a different account',
  children,
}: SignInSecondStepProps) {
  const verify = trpc.auth.mfa.verify.useMutation();
  return (
    <AuthLayout
      title={title}
      description={description}
      footer={
        <Button variant="link" className="h-auto p-0" onClick={onRestart}>
          {restartLabel}
        </Button>
      }
    >
      <SecondFactorForm
        methods={methods}
        submitLabel={submitLabel}
        isExpired={isPendingSignInGone}
        onRestart={onRestart}
        verify={async (input) => {
          await verify.mutateAsync(input);
          await onVerified();
        }}
      >
        {children}
      </SecondFactorForm>
    </AuthLayout>
  );
}
