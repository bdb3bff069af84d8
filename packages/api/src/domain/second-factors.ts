import { Passkey, type EntityManager } from '@gatehouse/db';

/** A way to prove it is you beyond the password (SPEC §9). */
export interface SecondFactor {
  method: 'totp' | 'passkey' | 'backup_code';
  id: string;
}

/**
 * The second factors an account holds. A password reset asks this before it takes effect, so a
 * reset never gets around a factor (SPEC §8).
 */
export async function secondFactorsOf(em: EntityManager, userId: string): Promise<SecondFactor[]> {
  const passkeys = await em.find(Passkey, { user: userId }, { fields: ['id'] });
  return passkeys.map((p) => ({ method: 'passkey' as const, id: p.id }));
}
