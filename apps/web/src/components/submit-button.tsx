import { Button, type ButtonProps } from '@gatehouse/ui/button';
import { Spinner } from '@gatehouse/ui/spinner';

type SubmitButtonProps = Omit<ButtonProps, 'type'> & { pending: boolean };

/**
 * The label stays the same while pending (its accessible name is what tests and screen readers
 * know it by); the spinner and aria-busy say that work is under way.
 */
export function SubmitButton({ pending, disabled, children, ...props }: SubmitButtonProps) {
  return (
    <Button type="submit" disabled={pending || disabled} aria-busy={pending} {...props}>
      {pending ? <Spinner /> : null}
      {children}
    </Button>
  );
}
