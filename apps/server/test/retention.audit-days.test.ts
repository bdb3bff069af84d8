// Attack (by misconfiguration): a typo in AUDIT_RETENTION_DAYS ("30d", "-1", "0") silently
// purging the audit trail, or silently keeping what the operator asked to delete. A bad value
// stops the server at start-up and says what to set; a good one reaches the hourly purge.
import { AuditEvent, newId, openDatabase } from '@gatehouse/db';
import { createTestDatabase } from '@gatehouse/db/testing';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '../src/env.js';
import { startServer } from './server.js';

const DAY = 86_400_000;

describe('AUDIT_RETENTION_DAYS', () => {
  it.each(['0', '-5', '30d', '1.5', 'forever', '1e3', '1000000'])('refuses %j at start-up, saying what to set', (value) => {
    expect(() => parseEnv({ AUDIT_RETENTION_DAYS: value })).toThrow(
      /AUDIT_RETENTION_DAYS: must be a whole number of days .*leave it unset to keep audit rows forever/,
    );
  });

  it('is unset by default (audit rows kept forever) and takes a number of days', () => {
    expect(parseEnv({}).AUDIT_RETENTION_DAYS).toBeNull();
    expect(parseEnv({ AUDIT_RETENTION_DAYS: '' }).AUDIT_RETENTION_DAYS).toBeNull();
    expect(parseEnv({ AUDIT_RETENTION_DAYS: '365' }).AUDIT_RETENTION_DAYS).toBe(365);
  });

  it("reaches the running server's purge: rows older than the period go, newer ones stay", async () => {
    const db = await createTestDatabase();
    try {
      const seeded = await openDatabase(db.url);
      const event = (ageDays: number) => ({
        id: newId(),
        orgId: null,
        actorId: null,
        via: 'system' as const,
        action: 'test.event',
        targetType: null,
        targetId: null,
        ip: null,
        userAgent: null,
        metadata: null,
        createdAt: new Date(Date.now() - ageDays * DAY),
      });
      const old = event(31);
      const recent = event(29);
      await seeded.em.fork().insertMany(AuditEvent, [old, recent]);
      await seeded.close(true);

      const server = await startServer({ AUDIT_RETENTION_DAYS: '30' }, { databaseUrl: db.url, web: false, jobs: true });
      try {
        const deadline = Date.now() + 20_000;
        while (!server.logs().includes('retention purge finished')) {
          if (Date.now() > deadline) throw new Error('the scheduled purge never ran');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const left = await server.orm.em.fork().find(AuditEvent, { action: 'test.event' });
        expect(left.map((e) => e.id)).toEqual([recent.id]);
      } finally {
        await server.close();
      }
    } finally {
      await db.drop();
    }
  });
});
