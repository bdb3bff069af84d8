import { NativeSelect } from '@gatehouse/ui/native-select';
import { toast } from 'sonner';
import { describeError } from '../../../lib/describe-error';
import { trpc } from '../../../lib/trpc';
import type { Member, Team } from '../types';

/**
 * The custom role a member holds within this team only: its permissions reach this team, its
 * members and its agents. "No team role" takes it away; they stay in the team.
 */
export function TeamRoleSelect({ team, member }: { team: Team; member: Member }) {
  const utils = trpc.useUtils();
  const roles = trpc.orgAdmin.roles.list.useQuery();
  const setRole = trpc.orgAdmin.teams.setMemberRole.useMutation();
  const current = member.teams.find((t) => t.id === team.id)?.role?.id ?? '';
  const custom = roles.data?.filter((r) => !r.builtIn) ?? [];

  const change = async (roleId: string) => {
    try {
      const result = await setRole.mutateAsync({ teamId: team.id, userId: member.userId, roleId: roleId || null });
      toast.success(result.role ? `${member.displayName} is now ${result.role.name} in ${team.name}` : `${member.displayName} has no team role in ${team.name}`);
      await Promise.all([utils.orgAdmin.members.list.invalidate(), utils.orgAdmin.members.get.invalidate({ userId: member.userId })]);
    } catch (err) {
      toast.error(describeError(err));
    }
  };

  return (
    <NativeSelect
      aria-label={`Team role of ${member.displayName}`}
      value={current}
      disabled={setRole.isPending || !roles.data}
      onChange={(event) => void change(event.target.value)}
      className="h-8 w-44"
    >
      <option value="">No team role</option>
      {custom.map((role) => (
        <option key={role.id} value={role.id}>
          {role.name}
        </option>
      ))}
    </NativeSelect>
  );
}
