import { ORG_ROLES } from '@gatehouse/api/schemas';
import { FormField } from '@gatehouse/ui/form-field';
import { Input } from '@gatehouse/ui/input';
import { NativeSelect } from '@gatehouse/ui/native-select';
import { Search } from 'lucide-react';
import { roleLabel } from '../../../lib/roles';
import type { Team } from '../types';
import type { MemberFilters } from './use-member-filters';

type MembersFiltersProps = {
  search: string;
  onSearch: (value: string) => void;
  filters: MemberFilters;
  onRole: (role: string) => void;
  onTeam: (teamId: string) => void;
  teams: Team[] | undefined;
};

export function MembersFilters({ search, onSearch, filters, onRole, onTeam, teams }: MembersFiltersProps) {
  return (
    <div role="search" aria-label="Members" className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)]">
      <FormField label="Search members">
        {(control) => (
          <div className="relative">
            <Search aria-hidden className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" />
            <Input
              {...control}
              type="search"
              value={search}
              onChange={(event) => onSearch(event.target.value)}
              placeholder="Name or email"
              autoComplete="off"
              spellCheck={false}
              className="pl-9"
            />
          </div>
        )}
      </FormField>
      <FormField label="Role">
        {(control) => (
          <NativeSelect {...control} value={filters.role} onChange={(event) => onRole(event.target.value)}>
            <option value="">All roles</option>
            {ORG_ROLES.map((role) => (
              <option key={role} value={role}>
                {roleLabel(role)}
              </option>
            ))}
          </NativeSelect>
        )}
      </FormField>
      <FormField label="Team">
        {(control) => (
          <NativeSelect
            {...control}
            value={filters.teamId}
            onChange={(event) => onTeam(event.target.value)}
            disabled={!teams}
          >
            <option value="">All teams</option>
            {teams?.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </NativeSelect>
        )}
      </FormField>
    </div>
  );
}
