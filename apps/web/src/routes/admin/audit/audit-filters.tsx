import { Button } from '@gatehouse/ui/button';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { NativeSelect } from '@gatehouse/ui/native-select';
import { X } from 'lucide-react';
import type { DateFormat } from '../../../lib/date-format';
import type { Member } from '../types';
import { ACTION_FAMILIES } from './audit-labels';

/** The select's value for "type an exact action name". */
export const EXACT_ACTION = '=';

export type AuditFilterValues = { family: string; exact: string; actorId: string; since: string; until: string };
export const noAuditFilters: AuditFilterValues = { family: '', exact: '', actorId: '', since: '', until: '' };

type AuditFiltersProps = {
  values: AuditFilterValues;
  onChange: (values: AuditFilterValues) => void;
  actors: Member[] | undefined;
  dates: DateFormat;
};

/** The chosen day as the rest of the app writes dates ("12 Mar 2026"), whatever the browser's picker shows. */
function dayLabel(day: string, dates: DateFormat): string | undefined {
  // Noon UTC names the same calendar day in every zone from -11 to +11.
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? dates.date(`${day}T12:00:00Z`) : undefined;
}

export function AuditFilters({ values, onChange, actors, dates }: AuditFiltersProps) {
  // By name, so a person is found where the eye looks for them (the API lists in joining order).
  const byName = actors && [...actors].sort((a, b) => a.displayName.localeCompare(b.displayName));
  const set = (changes: Partial<AuditFilterValues>) => onChange({ ...values, ...changes });
  const backwards = Boolean(values.since && values.until && values.until < values.since);
  const filtered = Object.values(values).some(Boolean);

  return (
    <div role="search" aria-label="Audit log" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <FormField label="Action">
        {(control) => (
          <NativeSelect {...control} value={values.family} onChange={(event) => set({ family: event.target.value })}>
            <option value="">All actions</option>
            {ACTION_FAMILIES.map((family) => (
              <option key={family.value} value={family.value}>
                {family.label} ({family.value}*)
              </option>
            ))}
            <option value={EXACT_ACTION}>Exact action…</option>
          </NativeSelect>
        )}
      </FormField>
      <FormField label="Actor">
        {(control) => (
          <NativeSelect {...control} value={values.actorId} onChange={(event) => set({ actorId: event.target.value })} disabled={!actors}>
            <option value="">Anyone</option>
            {byName?.map((member) => (
              <option key={member.userId} value={member.userId}>
                {member.displayName} ({member.email})
              </option>
            ))}
          </NativeSelect>
        )}
      </FormField>
      <FormField label="Since" description={values.since ? `From ${dayLabel(values.since, dates) ?? values.since}` : undefined}>
        {(control) => <Input {...control} type="date" value={values.since} onChange={(event) => set({ since: event.target.value })} />}
      </FormField>
      <FormField
        label="Until"
        description={values.until ? `To the end of ${dayLabel(values.until, dates) ?? values.until}` : undefined}
        error={backwards ? 'Choose a day on or after "Since"' : undefined}
      >
        {(control) => <Input {...control} type="date" value={values.until} onChange={(event) => set({ until: event.target.value })} />}
      </FormField>
      {values.family === EXACT_ACTION ? (
        <FormField label="Action name" description="The full name, e.g. team.renamed or user.signed_in." className="sm:col-span-2">
          {(control) => (
            <Input
              {...control}
              value={values.exact}
              onChange={(event) => set({ exact: event.target.value })}
              autoComplete="off"
              spellCheck={false}
              maxLength={64}
              autoFocus
              className="font-mono"
            />
          )}
        </FormField>
      ) : null}
      {filtered ? (
        <Button variant="ghost" size="sm" onClick={() => onChange(noAuditFilters)} className="justify-self-start sm:col-span-2 lg:col-span-4">
          <X aria-hidden />
          Clear filters
        </Button>
      ) : null}
    </div>
  );
}
