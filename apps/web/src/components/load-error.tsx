import { Alert, AlertDescription, AlertTitle } from '@gatehouse/ui/alert';
import { Button } from '@gatehouse/ui/button';
import { cn } from '@gatehouse/ui/cn';
import { describeError } from '../lib/describe-error';

type LoadErrorProps = {
  /** "We couldn't load the members": what failed, in the screen's words. */
  title: string;
  error: unknown;
  onRetry: () => void;
  className?: string;
};

/** A first load that failed: the server's reason in words, and a way to try again. */
export function LoadError({ title, error, onRetry, className }: LoadErrorProps) {
  return (
    <div className={cn('grid gap-4', className)}>
      <Alert variant="destructive">
        <AlertTitle>{title}</AlertTitle>
        <AlertDescription>{describeError(error)}</AlertDescription>
      </Alert>
      <Button variant="outline" onClick={onRetry} className="justify-self-start">
        Try again
      </Button>
    </div>
  );
}
