import { Badge } from '@gatehouse/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@gatehouse/ui/table';
import { Link } from 'react-router';
import { RoleBadge } from '../../../components/role-badge';
import type { DateFormat } from '../../../lib/date-format';
import type { Member } from '../types';

/** A row shows this many teams; the rest are a count (the member's page lists them all). */
const TEAMS_SHOWN = 3;

export function MembersTable({ members, dates }: { members: Member[]; dates: DateFormat }) {
  return (
    <Table aria-label="Members">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead scope="col">Name</TableHead>
          <TableHead scope="col">Role</TableHead>
          <TableHead scope="col" className="hidden md:table-cell">
            Teams
          </TableHead>
          <TableHead scope="col" className="hidden sm:table-cell">
            Joined
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {members.map((member) => (
          <TableRow key={member.userId}>
            <TableCell className="max-w-72">
              <Link
                to={`/admin/members/${member.userId}`}
                className="block truncate rounded-sm font-medium outline-none hover:underline focus-visible:ring-2 focus-visible:ring-ring"
              >
                {member.displayName}
              </Link>
              <span className="block truncate text-xs text-muted-foreground">{member.email}</span>
            </TableCell>
            <TableCell>
              <span className="flex flex-wrap items-center gap-1">
                <RoleBadge role={member.role} customRole={member.customRole} suspended={member.suspended} />
                {member.mfaEnabled ? (
                  <Badge variant="secondary" title="Has an authenticator app or a passkey">
                    2FA
                  </Badge>
                ) : (
                  <Badge variant="outline" className="text-muted-foreground" title="No second factor">
                    No 2FA
                  </Badge>
                )}
              </span>
            </TableCell>
            <TableCell className="hidden md:table-cell">
              <TeamBadges teams={member.teams} />
            </TableCell>
            <TableCell className="hidden text-muted-foreground sm:table-cell">{dates.date(member.joinedAt)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function TeamBadges({ teams }: { teams: Member['teams'] }) {
  if (teams.length === 0) return <span className="text-muted-foreground">No teams</span>;
  const hidden = teams.length - TEAMS_SHOWN;
  return (
    <span className="flex flex-wrap gap-1">
      {teams.slice(0, TEAMS_SHOWN).map((team) => (
        <Badge key={team.id} variant="outline">
          {team.name}
        </Badge>
      ))}
      {hidden > 0 ? <Badge variant="secondary">+{hidden} more</Badge> : null}
    </span>
  );
}
