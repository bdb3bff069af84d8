import { useMe } from '../../shell/me-context';

/**
 * Owners (org:write) see the admin screens' write controls; admins see the same screens read-only.
 * This only decides what to show: the server checks the role again on every call.
 */
export function useCanManage(): boolean {
  return useMe().permissions.includes('org:write');
}
