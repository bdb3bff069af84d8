import { Button } from '@gatehouse/ui/button';
import { FormField } from '@gatehouse/ui/form-field';
import { Spinner } from '@gatehouse/ui/spinner';
import { keepPreviousData } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useState } from 'react';
import { SearchInput } from '../../../components/search-input';
import { describeError } from '../../../lib/describe-error';
import { trpc } from '../../../lib/trpc';
import { useDebouncedValue } from '../../../lib/use-debounced-value';
import type { Team } from '../types';

/** A few matches are enough to pick from; typing more narrows them down. */
const MATCHES = 6;

type MemberPickerProps = {
  team: Team;
  onAdd: (change: { teamId: string; userId: string }, message: string) => Promise<boolean>;
  adding: boolean;
};

/** Finds a member by name or email prefix (the same search as the Members page) and adds them. */
export function MemberPicker({ team, onAdd, adding }: MemberPickerProps) {
  const [search, setSearch] = useState('');
  const query = useDebouncedValue(search.trim());
  const matches = trpc.orgAdmin.members.list.useQuery(
    { limit: MATCHES, query },
    { enabled: query !== '', placeholderData: keepPreviousData },
  );
  const [addingId, setAddingId] = useState<string | null>(null);

  const add = async (userId: string, name: string) => {
    setAddingId(userId);
    // onAdd refreshes every member list, these matches included ("Already in …" then shows).
    await onAdd({ teamId: team.id, userId }, `${name} was added to ${team.name}`);
    setAddingId(null);
  };
  const found = matches.data?.items.length;

  const renderMatches = () => {
    if (query === '') return null;
    if (matches.isError) return <p className="text-sm text-destructive">{describeError(matches.error)}</p>;
    if (!matches.data) return <Spinner label="Searching members" />;
    if (matches.data.items.length === 0) return <p className="text-sm text-muted-foreground">No member matches “{query}”.</p>;
    return (
      <ul aria-label="Matching members" className="divide-y rounded-lg border">
        {matches.data.items.map((member) => {
          const inTeam = member.teams.some((t) => t.id === team.id);
          const busy = adding && addingId === member.userId;
          return (
            <li key={member.userId} className="flex items-center justify-between gap-3 px-4 py-2">
              <div className="grid min-w-0">
                <span className="truncate text-sm font-medium">{member.displayName}</span>
                <span className="truncate text-xs text-muted-foreground">{member.email}</span>
              </div>
              {inTeam ? (
                <span className="text-xs text-muted-foreground">Already in {team.name}</span>
              ) : (
                <Button
                  variant="outline"
                  size="sm"
                  aria-label={`Add ${member.displayName} to ${team.name}`}
                  disabled={adding}
                  aria-busy={busy}
                  onClick={() => void add(member.userId, member.displayName)}
                >
                  {busy ? <Spinner /> : <Plus aria-hidden />}
                  Add
                </Button>
              )}
            </li>
          );
        })}
      </ul>
    );
  };

  return (
    <div className="grid gap-3">
      <FormField label="Add a member" description="Search by the start of a name or email.">
        {(control) => (
          <SearchInput
            {...control}
            wrapperClassName="max-w-md"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        )}
      </FormField>
      {renderMatches()}
      {/* The count is announced, not the list: a screen reader user then tabs into the matches. */}
      <p role="status" className="sr-only">
        {query && found !== undefined ? `${found === 0 ? 'No' : found} matching ${found === 1 ? 'member' : 'members'}` : ''}
      </p>
    </div>
  );
}
