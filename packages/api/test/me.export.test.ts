// Attack: use the data export to read secrets, or another member's personal data.
import { AuditEvent, Membership, User, newId } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../src/auth/api-key-format.js';
import { hashToken } from '../src/auth/sessions.js';
import { collectExport, exportJson, openExport } from '../src/domain/export.js';
import { createHarness, expectFailure, STRONG_PASSWORD, type Harness } from './harness.js';
import { joinOrg, orgOf } from './org-admin.fixtures.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ limits: { export: { points: 3, durationSeconds: 3600 } } });
});
afterAll(() => h.close());

/** A second member of the caller's org, inserted directly (invitations are another suite's). */
async function addColleague(orgOfUserId: string) {
  const em = h.orm.em.fork();
  const own = await em.findOneOrFail(Membership, { user: orgOfUserId });
  const colleague = em.create(User, {
    email: `colleague-${newId()}@example.com`,
    displayName: 'Cora Colleague',
    phone: '+1 555 0100',
    timezone: 'UTC',
    locale: 'en',
    passwordHash: 'not-a-real-hash',
  });
  em.create(Membership, { user: colleague, organization: own.organization, role: 'member' });
  await em.flush();
  return colleague;
}

describe('me.exportData', () => {
  it('contains the caller’s own data, nothing of a colleague, and no secret or hash anywhere', async () => {
    const { browser, userId, email } = await h.signUp({ displayName: 'Eve Exporter', orgName: 'Export Org' });
    await browser.call((c) => c.me.updateProfile({ phone: '+44 1234 567890', timezone: 'Europe/Paris' }));
    await browser.call((c) => c.me.notifications.updatePreferences({ preferences: [{ category: 'product', email: true, inApp: false }] }));
    const { secret, key } = await browser.call((c) => c.me.apiKeys.create({ name: 'exporter', scopes: ['profile:read'], expiresInDays: 9 }));
    const colleague = await addColleague(userId);
    // Activity that concerns the caller but was done by the colleague, from the colleague's machine.
    const em = h.orm.em.fork();
    em.create(AuditEvent, {
      action: 'member.updated',
      orgId: null,
      actorId: colleague.id,
      via: 'session',
      targetType: 'user',
      targetId: userId,
      ip: '192.0.2.200',
      userAgent: 'Colleague Browser',
    });
    await em.flush();

    const doc = await browser.call((c) => c.me.exportData());
    expect(doc.format).toBe('gatehouse-export/v1');
    expect(doc.profile).toMatchObject({ id: userId, email, displayName: 'Eve Exporter', phone: '+44 1234 567890', timezone: 'Europe/Paris' });
    expect(doc.organization).toMatchObject({ name: 'Export Org', role: 'owner' });
    expect(doc.notificationPreferences).toContainEqual({ category: 'product', email: true, inApp: false });
    expect(doc.apiKeys).toEqual([expect.objectContaining({ id: key.id, name: 'exporter', prefix: key.prefix })]);
    expect(doc.sessions).toHaveLength(1);
    expect(doc.notifications.map((n) => n.type)).toContain('api_key.created');
    const actions = doc.activity.map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['user.signed_up', 'profile.updated', 'api_key.created', 'member.updated']));

    const text = JSON.stringify(doc);
    const user = await h.orm.em.fork().findOneOrFail(User, userId);
    for (const forbidden of [secret, hashApiKey(secret), browser.cookie!, hashToken(browser.cookie!), user.passwordHash, STRONG_PASSWORD, '$argon2id']) {
      expect(text).not.toContain(forbidden);
    }
    for (const theirs of [colleague.email, 'Cora Colleague', '+1 555 0100', '192.0.2.200', 'Colleague Browser']) {
      expect(text).not.toContain(theirs);
    }
    expect(await h.orm.em.fork().count(AuditEvent, { action: 'user.data_exported', actorId: userId })).toBe(1);
  });

  it('pages through a long activity history, each event exactly once', async () => {
    const { browser, userId } = await h.signUp();
    const rows = Array.from({ length: 4500 }, (_, i) => ({
      id: newId(),
      org_id: null,
      actor_id: userId,
      via: 'session',
      action: `bulk.event_${i}`,
      created_at: h.orm.em.getPlatform().constructor.name.startsWith('Postgre') ? new Date() : Date.now(),
    }));
    const knex = h.orm.em.getConnection().getKnex();
    for (let i = 0; i < rows.length; i += 500) await knex.insert(rows.slice(i, i + 500)).into('audit_event');
    const doc = await browser.call((c) => c.me.exportData());
    const bulk = doc.activity.filter((a) => String(a.action).startsWith('bulk.'));
    expect(bulk).toHaveLength(4500);
    expect(new Set(bulk.map((a) => a.id)).size).toBe(4500);
  });

  it('writes the same document as a stream as it builds in memory, merging both sides of the activity in id order', async () => {
    const { userId } = await h.signUp();
    const colleague = await addColleague(userId);
    const knex = h.orm.em.getConnection().getKnex();
    const postgres = h.orm.em.getPlatform().constructor.name.startsWith('Postgre');
    // Both sides past a page each (5000), interleaved in id order: by the user, and to the user by someone else.
    const rows = Array.from({ length: 11_000 }, (_, i) => ({
      id: newId(),
      org_id: null,
      actor_id: i % 2 ? colleague.id : userId,
      target_id: i % 2 ? userId : null,
      via: 'session',
      action: `bulk.event_${i}`,
      created_at: postgres ? new Date() : Date.now(),
    }));
    for (let i = 0; i < rows.length; i += 500) await knex.insert(rows.slice(i, i + 500)).into('audit_event');
    const principal = { userId, orgId: 'unused', role: 'owner' as const, via: 'session' as const };
    const whole = await collectExport(openExport(h.orm.em.fork(), principal));
    let text = '';
    for await (const chunk of exportJson(openExport(h.orm.em.fork(), principal))) text += chunk;
    const streamed = JSON.parse(text) as typeof whole;
    expect({ ...streamed, exportedAt: null }).toEqual({ ...whole, exportedAt: null });
    expect(Object.keys(streamed)).toEqual(Object.keys(whole));
    const bulk = streamed.activity.filter((a) => String(a.action).startsWith('bulk.')).map((a) => a.id);
    expect(bulk).toEqual(rows.map((r) => r.id));
  });

  it('lists an event that concerns the caller only as its subject (their key, revoked by an owner) once, without the owner’s ip, and in nobody else’s export', async () => {
    const owner = await h.signUp({ displayName: 'Olga Owner', orgName: 'Subject Org' });
    const orgId = await orgOf(h, owner.userId);
    const member = await joinOrg(h, orgId, 'member');
    const bystander = await joinOrg(h, orgId, 'member');
    const { key: revoked } = await member.browser.call((c) => c.me.apiKeys.create({ name: 'revoked', scopes: ['profile:read'], expiresInDays: 1 }));
    const { key: ownDeleted } = await member.browser.call((c) => c.me.apiKeys.create({ name: 'mine', scopes: ['profile:read'], expiresInDays: 1 }));
    await member.browser.call((c) => c.me.apiKeys.delete({ keyId: ownDeleted.id }));
    // The owner acts from a machine of their own: that address is the owner's data, not the member's.
    const ownerMachine = h.browser({ ip: '203.0.113.9', userAgent: 'Owner Browser' });
    ownerMachine.cookie = owner.browser.cookie;
    await ownerMachine.call((c) => c.orgAdmin.apiKeys.delete({ keyId: revoked.id }));

    const doc = await member.browser.call((c) => c.me.exportData());
    const about = (keyId: string) => doc.activity.filter((a) => a.targetId === keyId).map((a) => [a.action, a.actorId]);
    expect(about(revoked.id)).toEqual([
      ['api_key.created', member.userId],
      ['api_key.deleted', owner.userId],
    ]);
    // Actor and subject are the member: listed once, with where they acted from.
    expect(about(ownDeleted.id)).toEqual([
      ['api_key.created', member.userId],
      ['api_key.deleted', member.userId],
    ]);
    const byOwner = doc.activity.find((a) => a.action === 'api_key.deleted' && a.targetId === revoked.id)!;
    expect(byOwner).toMatchObject({ targetType: 'api_key', ip: null, userAgent: null, metadata: expect.objectContaining({ ownerId: member.userId }) });
    expect(doc.activity.find((a) => a.action === 'api_key.deleted' && a.targetId === ownDeleted.id)).toMatchObject({ ip: member.browser.request.ip });
    const ids = doc.activity.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort());
    const text = JSON.stringify(doc);
    for (const theirs of [owner.email, 'Olga Owner', '203.0.113.9', 'Owner Browser']) expect(text).not.toContain(theirs);

    const theirExport = await bystander.browser.call((c) => c.me.exportData());
    expect(theirExport.activity.filter((a) => a.targetId === revoked.id || a.targetId === ownDeleted.id)).toEqual([]);
  });

  it('merges what the user did, what was done to them and what concerns them, past a page each, in id order and each once', async () => {
    const { userId } = await h.signUp();
    const colleague = await addColleague(userId);
    const other = await addColleague(userId);
    const knex = h.orm.em.getConnection().getKnex();
    const postgres = h.orm.em.getPlatform().constructor.name.startsWith('Postgre');
    // Every way the user can be named, interleaved; kind 5 concerns another member and stays out.
    const kinds = [
      { actor_id: userId },
      { actor_id: colleague.id, target_id: userId },
      { actor_id: colleague.id, target_type: 'api_key', target_id: 'key', subject_id: userId },
      { actor_id: userId, target_type: 'user', target_id: userId, subject_id: userId },
      { actor_id: colleague.id, target_type: 'user', target_id: userId, subject_id: userId },
      { actor_id: colleague.id, target_type: 'api_key', target_id: 'key', subject_id: other.id },
      { actor_id: userId, target_type: 'api_key', target_id: 'key', subject_id: userId },
    ];
    const rows = Array.from({ length: 7 * 1200 }, (_, i) => ({
      id: newId(),
      org_id: null,
      target_type: null,
      target_id: null,
      subject_id: null,
      ...kinds[i % kinds.length],
      via: 'session',
      action: `bulk.kind_${i % kinds.length}`,
      ip: '198.51.100.1',
      user_agent: 'Bulk Agent',
      created_at: postgres ? new Date() : Date.now(),
    }));
    for (let i = 0; i < rows.length; i += 500) await knex.insert(rows.slice(i, i + 500)).into('audit_event');
    const principal = { userId, orgId: 'unused', role: 'owner' as const, via: 'session' as const };
    const whole = await collectExport(openExport(h.orm.em.fork(), principal));
    let text = '';
    for await (const chunk of exportJson(openExport(h.orm.em.fork(), principal))) text += chunk;
    expect({ ...(JSON.parse(text) as typeof whole), exportedAt: null }).toEqual({ ...whole, exportedAt: null });
    const bulk = whole.activity.filter((a) => String(a.action).startsWith('bulk.'));
    expect(bulk.map((a) => a.id)).toEqual(rows.filter((r) => r.action !== 'bulk.kind_5').map((r) => r.id));
    for (const a of bulk) {
      const own = a.actorId === userId;
      expect([a.ip, a.userAgent]).toEqual(own ? ['198.51.100.1', 'Bulk Agent'] : [null, null]);
    }
  });

  it('is rate-limited per user and open to keys with profile:read only', async () => {
    const { browser } = await h.signUp();
    const { secret } = await browser.call((c) => c.me.apiKeys.create({ name: 'r', scopes: ['profile:read'], expiresInDays: 1 }));
    const { secret: writeOnly } = await browser.call((c) => c.me.apiKeys.create({ name: 'w', scopes: ['profile:write'], expiresInDays: 1 }));
    expect((await h.keyClient(secret).call((c) => c.me.exportData())).format).toBe('gatehouse-export/v1');
    await expectFailure(h.keyClient(writeOnly).call((c) => c.me.exportData()), { code: 'FORBIDDEN', reason: 'INSUFFICIENT_SCOPE' });
    await browser.call((c) => c.me.exportData());
    await browser.call((c) => c.me.exportData());
    const error = await expectFailure(browser.call((c) => c.me.exportData()), { code: 'TOO_MANY_REQUESTS', reason: 'RATE_LIMITED' });
    expect(error.data.retryAfterSeconds).toBeGreaterThan(3500);
    await expectFailure(h.browser().call((c) => c.me.exportData()), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
  });
});
