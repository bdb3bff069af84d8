// Attack: hammer the SCIM API with a stolen or runaway provisioning token until it is refused,
// leaving no trace for the organisation's owners — or flood their audit log with the refusals.
import { AuditEvent } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, ownerWithScimToken, scimCall, trpc } from './scim-client.js';
import { startServer, type RunningServer } from './server.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ LOG_LEVEL: 'silent' }, { web: false });
});
afterAll(() => server.close());

describe('a SCIM token over its rate limit', () => {
  it('is refused with 429 and leaves exactly one security event in its organisation’s log', async () => {
    const owner = await ownerWithScimToken(server, 'Provisioned');
    const statuses: number[] = [];
    // 600 a minute per token (DEFAULT_LIMITS.scim), in waves of 20 at once.
    for (let wave = 0; wave < 32; wave++) {
      const answers = await Promise.all(Array.from({ length: 20 }, () => scimCall(server, owner.scimToken, 'GET', '/ServiceProviderConfig')));
      statuses.push(...answers.map((a) => a.status));
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(600);
    expect(statuses.filter((s) => s === 429)).toHaveLength(40);

    const rows = await server.orm.em.fork().find(AuditEvent, { action: { $like: 'security.%' }, actorId: owner.tokenId });
    expect(rows.map((r) => ({ action: r.action, via: r.via, metadata: r.metadata }))).toEqual([
      { action: 'security.rate_limited', via: 'scim', metadata: { reason: 'RATE_LIMITED', operation: 'SCIM GET /scim/v2/ServiceProviderConfig' } },
    ]);
    const log = ok(await trpc<{ items: { action: string; actorId: string | null }[] }>(server, 'orgAdmin.audit.list', { action: 'security.' }, { cookie: owner.cookie }, 'query'));
    expect(log.items).toEqual([expect.objectContaining({ action: 'security.rate_limited', actorId: owner.tokenId })]);
  });
});
