import { Checkbox } from '@gatehouse/ui/checkbox';
import { Label } from '@gatehouse/ui/label';
import { useId, type Ref } from 'react';
import type { Team } from '../types';

type TeamCheckboxesProps = {
  teams: Team[];
  value: string[];
  onChange: (teamIds: string[]) => void;
  error?: string | undefined;
  /** Lets the form move focus here when the choice is invalid. */
  focusRef?: Ref<HTMLButtonElement>;
};

/** The teams a new member joins on accepting: agents of those teams are theirs from the first sign-in. */
export function TeamCheckboxes({ teams, value, onChange, error, focusRef }: TeamCheckboxesProps) {
  const id = useId();
  const toggle = (teamId: string, checked: boolean) =>
    onChange(checked ? [...value.filter((t) => t !== teamId), teamId] : value.filter((t) => t !== teamId));

  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined} className="min-w-0">
      <legend className="text-sm font-medium">Teams</legend>
      <p className="mt-1 text-xs text-muted-foreground">
        {teams.length === 0 ? 'There are no teams yet; you can add them to teams later.' : 'Optional. They join these teams when they accept.'}
      </p>
      {teams.length > 0 ? (
        <div className="mt-3 grid max-h-44 gap-2.5 overflow-y-auto sm:grid-cols-2">
          {teams.map((team, index) => (
            <div key={team.id} className="flex items-center gap-2.5">
              <Checkbox
                id={`${id}-${team.id}`}
                ref={index === 0 ? focusRef : undefined}
                checked={value.includes(team.id)}
                onCheckedChange={(checked) => toggle(team.id, checked === true)}
              />
              <Label htmlFor={`${id}-${team.id}`} className="truncate font-normal">
                {team.name}
              </Label>
            </div>
          ))}
        </div>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-2 text-xs font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
