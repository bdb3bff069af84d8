import type { Me } from './trpc';

const labels: Record<Me['role'], string> = { owner: 'Owner', admin: 'Admin', member: 'Member' };

export function roleLabel(role: Me['role']): string {
  return labels[role];
}
