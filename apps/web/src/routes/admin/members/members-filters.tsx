import { ORG_ROLES } from '@gatehouse/api/schemas';
import { FormField } from '@gatehouse/ui/form-field';
import { NativeSelect } from '@gatehouse/ui/native-select';
import { SearchInput } from '../../../components/search-input';
import { roleLabel } from '../../../lib/roles';
import type { Team } from '../types';
import type { MemberFilters } from './use-member-filters';

type MembersFiltersProps = {
  search: string;
  onSearch: (value: string) => void;
  filters: MemberFilters;
  onRole: (role: string) => void;
  onTeam: (teamId: string) => void;
  onMfa: (mfa: string) => void;
  teams: Team[] | undefined;
};

export function MembersFilters({ search, onSearch, filters, onRole, onTeam, onMfa, teams }: MembersFiltersProps) {
  return (
    <div role="search" aria-label="Members" className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_minmax(0,1fr)]">
      <FormField label="Search members">
        {(control) => (
          <SearchInput {...control} value={search} onChange={(event) => onSearch(event.target.value)} />
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
      <FormField label="Two-factor">
        {(control) => (
          <NativeSelect {...control} value={filters.mfa} onChange={(event) => onMfa(event.target.value)}>
            <option value="">All</option>
            <option value="enabled">With 2FA</option>
            <option value="disabled">Without 2FA</option>
          </NativeSelect>
        )}
      </FormField>
    </div>
  );
}
