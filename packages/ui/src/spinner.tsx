import type { ComponentProps } from 'react';
import { cn } from './cn';

export type SpinnerProps = ComponentProps<'span'> & {
  /** What is loading, for screen readers. Omit only when the spinner sits inside a labelled control. */
  label?: string;
};

export function Spinner({ className, label, ...props }: SpinnerProps) {
  const decorative = label === undefined;
  return (
    <span
      role={decorative ? undefined : 'status'}
      aria-label={label}
      aria-hidden={decorative ? true : undefined}
      className={cn(
        'inline-block size-4 shrink-0 animate-spin rounded-full border-2 border-current border-r-transparent',
        className,
      )}
      {...props}
    />
  );
}
