import { useState, type ReactNode } from 'react';
import { trpc } from '../../lib/trpc';
import { useMe } from '../../shell/me-context';
import { BackupCodes } from './backup-codes';
import { TotpEnrolment } from './totp-enrolment';

/** What `me.mfa.totp.begin` handed out: kept in component state only, never in a cache or URL. */
export type TotpSetup = { secret: string; otpauthUrl: string };

type TotpSetupFlowProps = {
  setup: TotpSetup;
  /** Frames each step's title: a dialog's header, or a page's heading. */
  title: (text: string) => ReactNode;
  onCancel: () => void;
  /** After the backup codes were saved: two-factor is on. */
  onFinished: () => void;
  /** Called once the code is accepted, while the backup codes are still on screen. */
  onEnabled?: () => void;
  cancelLabel?: string;
};

/** Scan, confirm with a code, then save the backup codes: the whole of turning on an authenticator app. */
export function TotpSetupFlow({ setup, title, onCancel, onFinished, onEnabled, cancelLabel }: TotpSetupFlowProps) {
  const me = useMe();
  const utils = trpc.useUtils();
  // gcTime 0 plus reset(): the mutation cache must not keep the backup codes after we took them.
  const confirm = trpc.me.mfa.totp.confirm.useMutation({ gcTime: 0 });
  const [backupCodes, setBackupCodes] = useState<string[] | null>(null);

  if (backupCodes) {
    return (
      <>
        {title('Save your backup codes')}
        <BackupCodes codes={backupCodes} accountEmail={me.email} onDone={onFinished} />
      </>
    );
  }
  return (
    <>
      {title('Set up an authenticator app')}
      <TotpEnrolment
        secret={setup.secret}
        otpauthUrl={setup.otpauthUrl}
        onCancel={onCancel}
        cancelLabel={cancelLabel}
        onConfirm={async (code) => {
          const result = await confirm.mutateAsync({ code });
          confirm.reset();
          setBackupCodes(result.backupCodes);
          void utils.me.mfa.status.invalidate();
          onEnabled?.();
        }}
      />
    </>
  );
}
