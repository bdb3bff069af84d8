import type { Team } from '../types';

/** "1 agent", "3 agents". */
export const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What deleting a team takes with it, in numbers, so nobody deletes a busy team by mistake. */
export function deleteTeamDescription(team: Team): string {
  const agents =
    team.agentCount === 0 ? 'It has no agents.' : `Its ${count(team.agentCount, 'agent is', 'agents are')} deleted with it.`;
  const members =
    team.memberCount === 0
      ? 'It has no members.'
      : `Its ${count(team.memberCount, 'member stays', 'members stay')} in the organisation but lose access to its agents.`;
  return `${agents} ${members} This can't be undone.`;
}
