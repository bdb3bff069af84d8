import { ORG_ROLES, type OrgRole } from '@gatehouse/api/schemas';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useDebouncedValue } from '../../../lib/use-debounced-value';

export type MfaFilter = 'enabled' | 'disabled';
export type MemberFilters = { query: string; role: OrgRole | ''; teamId: string; mfa: MfaFilter | '' };

const isRole = (value: string | null): value is OrgRole => ORG_ROLES.some((role) => role === value);
const isMfa = (value: string | null): value is MfaFilter => value === 'enabled' || value === 'disabled';

/**
 * The members list's search and filters, kept in the address (?q=&role=&team=&mfa=): coming back from
 * a member's page, or sharing the link, shows the same list. The search box updates at once;
 * the address (and so the query) only once typing pauses.
 */
export function useMemberFilters() {
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(() => params.get('q') ?? '');
  const settled = useDebouncedValue(search.trim());
  const role = params.get('role');
  const mfa = params.get('mfa');
  const filters: MemberFilters = {
    query: params.get('q') ?? '',
    role: isRole(role) ? role : '',
    teamId: params.get('team') ?? '',
    mfa: isMfa(mfa) ? mfa : '',
  };

  const update = (changes: Partial<Record<'q' | 'role' | 'team' | 'mfa', string>>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      // Typing and filtering are one visit to the page, not a trail for the Back button.
      { replace: true },
    );

  useEffect(() => {
    if (settled !== (params.get('q') ?? '')) update({ q: settled });
    // Only a settled search writes the address; `params` changing must not echo back into it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settled]);

  return {
    search,
    setSearch,
    filters,
    setRole: (value: string) => update({ role: value }),
    setTeam: (value: string) => update({ team: value }),
    setMfa: (value: string) => update({ mfa: value }),
    clear: () => {
      setSearch('');
      update({ q: '', role: '', team: '', mfa: '' });
    },
    filtered: Boolean(filters.query || filters.role || filters.teamId || filters.mfa),
  };
}
