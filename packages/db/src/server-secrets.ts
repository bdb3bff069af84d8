import type { EntityManager } from '@mikro-orm/knex';

export type ServerSecretName = 'rate_limit_key';

/** A secret the migrations generated for this deployment (see Migration20261203110000). */
export async function readServerSecret(em: EntityManager, name: ServerSecretName): Promise<Buffer> {
  const [row] = await em.execute<{ value: string }[]>('select value from server_secret where name = ?', [name]);
  if (!row) throw new Error(`server secret ${name} is missing: are the migrations applied?`);
  return Buffer.from(row.value, 'base64url');
}
