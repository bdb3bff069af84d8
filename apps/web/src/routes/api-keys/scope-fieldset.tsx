import { API_KEY_SCOPES, SCOPE_DESCRIPTIONS } from '@gatehouse/api/schemas';
import { Checkbox } from '@gatehouse/ui/checkbox';
import { cn } from '@gatehouse/ui/cn';
import { Label } from '@gatehouse/ui/label';
import { useId, type Ref } from 'react';

export type Scope = (typeof API_KEY_SCOPES)[number];

type ScopeFieldsetProps = {
  value: Scope[];
  onChange: (scopes: Scope[]) => void;
  onBlur?: () => void;
  /** The caller's own permissions (`me.permissions`): a key can't be given more. */
  allowed: readonly string[];
  error?: string | undefined;
  /** Lets the form move focus here when the scopes are invalid. */
  focusRef?: Ref<HTMLButtonElement>;
};

export function ScopeFieldset({ value, onChange, onBlur, allowed, error, focusRef }: ScopeFieldsetProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const firstAllowed = API_KEY_SCOPES.find((scope) => allowed.includes(scope));

  const toggle = (scope: Scope, checked: boolean) =>
    onChange(checked ? [...value.filter((s) => s !== scope), scope] : value.filter((s) => s !== scope));

  return (
    <fieldset aria-describedby={error ? errorId : undefined} className="min-w-0">
      <legend className="text-sm font-medium">Scopes</legend>
      <p className="mt-1 text-xs text-muted-foreground">Choose only what the key's job needs.</p>
      <div className="mt-3 grid gap-3">
        {API_KEY_SCOPES.map((scope) => {
          // Scopes beyond the user's role are shown, not hidden, so people learn why they are missing.
          const permitted = allowed.includes(scope);
          const checkboxId = `${id}-${scope}`;
          const hintId = `${checkboxId}-hint`;
          return (
            <div key={scope} className="flex items-start gap-3">
              <Checkbox
                id={checkboxId}
                ref={scope === firstAllowed ? focusRef : undefined}
                checked={value.includes(scope)}
                onCheckedChange={(checked) => toggle(scope, checked === true)}
                onBlur={onBlur}
                disabled={!permitted}
                aria-invalid={Boolean(error) && permitted}
                aria-describedby={hintId}
                className="mt-0.5"
              />
              <div className="grid gap-1">
                <Label htmlFor={checkboxId} className={cn('font-mono text-xs', !permitted && 'opacity-60')}>
                  {scope}
                </Label>
                <p id={hintId} className="text-xs text-muted-foreground">
                  {SCOPE_DESCRIPTIONS[scope]}
                  {permitted ? null : (
                    <span className="mt-0.5 block font-medium">Not available: your role doesn't include it.</span>
                  )}
                </p>
              </div>
            </div>
          );
        })}
      </div>
      {error ? (
        <p id={errorId} className="mt-2 text-xs font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
