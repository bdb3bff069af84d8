import { Skeleton } from '@gatehouse/ui/skeleton';
import { useMemo } from 'react';
import { useParams } from 'react-router';
import { LoadError } from '../../../components/load-error';
import { RoleBadge } from '../../../components/role-badge';
import { errorData } from '../../../lib/api-error';
import { dateFormatFor } from '../../../lib/date-format';
import { trpc } from '../../../lib/trpc';
import { useAccess } from '../../../lib/use-access';
import { useMe } from '../../../shell/me-context';
import { AdminNotFound } from '../admin-not-found';
import { AdminPageHeader } from '../admin-page-header';
import { MemberDetailsCard } from './member-details-card';
import { MemberKeysCard } from './member-keys-card';
import { MemberMfaCard } from './member-mfa-card';
import { MemberPermissionsCard } from './member-permissions-card';
import { MemberRoleCard } from './member-role-card';
import { MemberTeamsCard } from './member-teams-card';
import { RemoveMemberCard } from './remove-member-card';

const back = { to: '/admin/members', label: 'Members' };

export function MemberPage() {
  const { userId = '' } = useParams();
  const me = useMe();
  const dates = useMemo(() => dateFormatFor(me), [me]);
  const access = useAccess();
  const member = trpc.orgAdmin.members.get.useQuery({ userId });

  // A failed background refresh keeps showing what we have; only a first load can fail outright.
  if (!member.data) {
    if (member.isError && errorData(member.error)?.code === 'NOT_FOUND') {
      return <AdminNotFound what="member" back={{ to: back.to, label: 'Back to members' }} />;
    }
    if (member.isError) {
      return (
        <div className="grid gap-6">
          <AdminPageHeader title="Member" back={back} />
          <LoadError title="We couldn't load this member" error={member.error} onRetry={() => void member.refetch()} />
        </div>
      );
    }
    return (
      <div role="status" aria-label="Loading member" aria-busy className="grid gap-6">
        <Skeleton className="h-4 w-24" />
        <Skeleton className="h-8 w-56" />
        <Skeleton className="h-72 w-full rounded-xl" />
      </div>
    );
  }

  const data = member.data;
  // Each control follows the permission its procedure checks (a team lead's teams:write is not
  // members:write). members.update and apiKeys.* reach a member through any team of theirs;
  // setRole, remove and resetMfa need the permission org-wide.
  const canEdit = access.forMember('members:write', data);
  const canSetRole = access.orgWide('roles:assign');
  const canReadKeys = access.forMember('member-keys:read', data);
  const canDeleteKeys = access.forMember('member-keys:delete', data);
  const canResetOrRemove = access.orgWide('members:write') && data.userId !== me.id;
  return (
    <div className="grid gap-6">
      <AdminPageHeader
        back={back}
        title={data.displayName}
        description={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span>{data.email}</span>
            <RoleBadge role={data.role} customRole={data.customRole} suspended={data.suspended} />
            <span>Joined {dates.date(data.joinedAt)}</span>
          </span>
        }
        canManage={access.loaded ? canEdit : undefined}
      />
      {/* Keyed by member: moving between members starts each form afresh. */}
      <MemberDetailsCard key={`details-${data.userId}`} member={data} canManage={canEdit} />
      <MemberRoleCard key={`role-${data.userId}`} member={data} canManage={canSetRole} />
      <MemberPermissionsCard member={data} />
      <MemberTeamsCard member={data} />
      {/* Without member-keys:read the list would only be refused. */}
      {canReadKeys ? <MemberKeysCard member={data} canDelete={canDeleteKeys} dates={dates} /> : null}
      {/* Your own factors are yours to change, on the security page; your own account is deleted
          from the privacy page, with your password. */}
      {canResetOrRemove ? <MemberMfaCard member={data} /> : null}
      {canResetOrRemove ? <RemoveMemberCard member={data} /> : null}
    </div>
  );
}
