import type { EntityManager } from '@gatehouse/db';

/** A way to prove it is you beyond the password (SPEC §9). */
export interface SecondFactor {
  method: 'totp' | 'passkey' | 'backup_code';
}

/**
 * The second factors an account holds. A password reset asks this before it takes effect, so a
 * reset never gets around a factor (SPEC §8). None exist yet: MFA fills this in.
 */
export function secondFactorsOf(_em: EntityManager, _userId: string): Promise<SecondFactor[]> {
  return Promise.resolve([]);
}
