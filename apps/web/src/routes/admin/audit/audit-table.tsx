import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@gatehouse/ui/table';
import { Link } from 'react-router';
import type { DateFormat } from '../../../lib/date-format';
import type { AuditItem } from '../types';
import { actorLabel, metadataSummary, targetLabel } from './audit-labels';

type AuditTableProps = { items: AuditItem[]; dates: DateFormat; memberNames: ReadonlyMap<string, string> };

export function AuditTable({ items, dates, memberNames }: AuditTableProps) {
  return (
    <Table aria-label="Audit log">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead scope="col">Time</TableHead>
          <TableHead scope="col">Actor</TableHead>
          <TableHead scope="col">Action</TableHead>
          <TableHead scope="col">Target</TableHead>
          <TableHead scope="col" className="hidden lg:table-cell">
            IP address
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((item) => (
          <AuditRow key={item.id} item={item} dates={dates} memberNames={memberNames} />
        ))}
      </TableBody>
    </Table>
  );
}

function AuditRow({ item, dates, memberNames }: { item: AuditItem } & Omit<AuditTableProps, 'items'>) {
  const actor = actorLabel(item);
  const details = metadataSummary(item.metadata);
  const target = targetLabel(item, memberNames);
  return (
    <TableRow className="align-top">
      <TableCell className="min-w-28 text-muted-foreground lg:whitespace-nowrap">
        <time dateTime={item.createdAt}>{dates.dateTime(item.createdAt)}</time>
      </TableCell>
      <TableCell className="max-w-56">
        <span className="block truncate font-medium">{actor.name}</span>
        {actor.detail ? <span className="block truncate text-xs text-muted-foreground">{actor.detail}</span> : null}
        {item.via === 'apiKey' ? <span className="block text-xs text-muted-foreground">with an API key</span> : null}
        {item.via === 'scim' ? <span className="block text-xs text-muted-foreground">over SCIM</span> : null}
      </TableCell>
      <TableCell>
        <code className="font-mono text-xs">{item.action}</code>
        {details ? <span className="mt-1 block max-w-64 text-xs break-words text-muted-foreground">{details}</span> : null}
      </TableCell>
      <TableCell className="max-w-56 min-w-36">
        {item.targetType === 'user' && item.targetId ? (
          // The member's page, while they are one; an erased account shows "doesn't exist" there.
          <Link to={`/admin/members/${item.targetId}`} className="hover:underline">
            {target}
          </Link>
        ) : (
          <span title={item.targetId ?? undefined}>{target}</span>
        )}
      </TableCell>
      <TableCell className="hidden font-mono text-xs text-muted-foreground lg:table-cell">{item.ip ?? '—'}</TableCell>
    </TableRow>
  );
}
