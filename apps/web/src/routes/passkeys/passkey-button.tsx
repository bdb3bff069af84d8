import { Button, type ButtonProps } from '@gatehouse/ui/button';
import { Spinner } from '@gatehouse/ui/spinner';
import { KeyRound } from 'lucide-react';

type PasskeyButtonProps = Omit<ButtonProps, 'onClick'> & { pending: boolean; onClick: () => void };

/** "Use a passkey": the same label throughout, a spinner while the browser's prompt is open. */
export function PasskeyButton({ pending, disabled, children, ...props }: PasskeyButtonProps) {
  return (
    <Button type="button" variant="outline" disabled={pending || disabled} aria-busy={pending} {...props}>
      {pending ? <Spinner /> : <KeyRound aria-hidden />}
      {children}
    </Button>
  );
}
