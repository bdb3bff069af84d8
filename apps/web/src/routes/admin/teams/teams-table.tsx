import { Button } from '@gatehouse/ui/button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@gatehouse/ui/table';
import { Pencil, Trash2 } from 'lucide-react';
import { Link } from 'react-router';
import type { DateFormat } from '../../../lib/date-format';
import type { Team } from '../types';

type TeamsTableProps = {
  teams: Team[];
  dates: DateFormat;
  /** For holders of teams:write: without these the table is read-only. */
  onRename?: ((team: Team) => void) | undefined;
  onDelete?: ((team: Team) => void) | undefined;
  /** Which teams those apply to (a team-scoped teams:write reaches its own team only); all by default. */
  mayChange?: (team: Team) => boolean;
};

export function TeamsTable({ teams, dates, onRename, onDelete, mayChange = () => true }: TeamsTableProps) {
  const manage = Boolean(onRename && onDelete) && teams.some(mayChange);
  return (
    <Table aria-label="Teams">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead scope="col">Team</TableHead>
          <TableHead scope="col" className="text-right">
            Members
          </TableHead>
          <TableHead scope="col" className="text-right">
            Agents
          </TableHead>
          <TableHead scope="col" className="hidden sm:table-cell">
            Created
          </TableHead>
          {manage ? (
            <TableHead scope="col">
              <span className="sr-only">Actions</span>
            </TableHead>
          ) : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {teams.map((team) => (
          <TableRow key={team.id}>
            <TableCell className="max-w-72">
              <Link to={`/admin/teams/${team.id}`} className="block truncate font-medium hover:underline">
                {team.name}
              </Link>
            </TableCell>
            <TableCell className="text-right tabular-nums">{team.memberCount}</TableCell>
            <TableCell className="text-right tabular-nums">{team.agentCount}</TableCell>
            <TableCell className="hidden text-muted-foreground sm:table-cell">{dates.date(team.createdAt)}</TableCell>
            {manage ? (
              <TableCell>
                {mayChange(team) ? (
                  <div className="flex justify-end gap-1">
                    <Button variant="ghost" size="sm" aria-label={`Rename ${team.name}`} onClick={() => onRename?.(team)}>
                      <Pencil aria-hidden />
                      Rename
                    </Button>
                    <Button
                      variant="ghost"
                      size="sm"
                      aria-label={`Delete ${team.name}`}
                      onClick={() => onDelete?.(team)}
                      className="text-destructive hover:bg-destructive/5 hover:text-destructive"
                    >
                      <Trash2 aria-hidden />
                      Delete
                    </Button>
                  </div>
                ) : null}
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
