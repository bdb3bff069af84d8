import type { ComponentProps } from 'react';
import { cn } from './cn';

/** A placeholder block; decorative, so the region around it should carry aria-busy and a label. */
export function Skeleton({ className, ...props }: ComponentProps<'div'>) {
  return (
    <div aria-hidden className={cn('animate-pulse rounded-md bg-muted', className)} {...props} />
  );
}
