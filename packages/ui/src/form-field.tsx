import { useId, type ReactNode } from 'react';
import { cn } from './cn';
import { Label } from './label';

/** Props a form control needs so its label, hint and error are announced with it. */
export type FormControlProps = {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
};

export type FormFieldProps = {
  label: ReactNode;
  /** Shown under the control; the control's error replaces nothing, both are announced. */
  description?: ReactNode;
  error?: string | undefined;
  className?: string;
  /** Receives the wiring for the control: spread it onto the input. */
  children: (control: FormControlProps) => ReactNode;
};

export function FormField({ label, description, error, className, children }: FormFieldProps) {
  const id = useId();
  const descriptionId = description ? `${id}-description` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [descriptionId, errorId].filter(Boolean).join(' ') || undefined;

  return (
    <div className={cn('grid gap-2', className)}>
      <Label htmlFor={id}>{label}</Label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {description ? (
        <p id={descriptionId} className="text-xs text-muted-foreground">
          {description}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-xs font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
