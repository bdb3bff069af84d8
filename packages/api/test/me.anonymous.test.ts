// Attack: call the self-service surface with no credential at all, or with a forged cookie.
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Caller } from './harness.js';
import { createHarness, expectFailure, STRONG_PASSWORD, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const id = '01900000-0000-7000-8000-000000000000';
// Every me.* procedure, with input that would be valid for a signed-in caller.
const calls: [string, (c: Caller) => Promise<unknown>][] = [
  ['me.get', (c) => c.me.get()],
  ['me.updateProfile', (c) => c.me.updateProfile({ displayName: 'Nobody' })],
  ['me.changePassword', (c) => c.me.changePassword({ currentPassword: STRONG_PASSWORD, newPassword: 'a brand new passphrase 9' })],
  ['me.sudo.status', (c) => c.me.sudo.status()],
  ['me.sudo.enter', (c) => c.me.sudo.enter({ password: STRONG_PASSWORD })],
  ['me.sessions.list', (c) => c.me.sessions.list()],
  ['me.sessions.revoke', (c) => c.me.sessions.revoke({ sessionId: id })],
  ['me.sessions.revokeOthers', (c) => c.me.sessions.revokeOthers()],
  ['me.notifications.preferences', (c) => c.me.notifications.preferences()],
  ['me.notifications.updatePreferences', (c) => c.me.notifications.updatePreferences({ preferences: [{ category: 'product', email: true, inApp: true }] })],
  ['me.notifications.list', (c) => c.me.notifications.list({})],
  ['me.notifications.markRead', (c) => c.me.notifications.markRead({ all: true })],
  ['me.apiKeys.list', (c) => c.me.apiKeys.list()],
  ['me.apiKeys.create', (c) => c.me.apiKeys.create({ name: 'k', scopes: ['profile:read'], expiresInDays: 7 })],
  ['me.apiKeys.rotate', (c) => c.me.apiKeys.rotate({ keyId: id })],
  ['me.apiKeys.completeRotation', (c) => c.me.apiKeys.completeRotation({ keyId: id })],
  ['me.apiKeys.delete', (c) => c.me.apiKeys.delete({ keyId: id })],
  ['me.exportData', (c) => c.me.exportData()],
  ['me.deleteAccount', (c) => c.me.deleteAccount({ password: STRONG_PASSWORD })],
  ['me.outbox', (c) => c.me.outbox()],
];

describe('me.* without a session', () => {
  it.each(calls)('%s refuses an anonymous caller', async (_name, call) => {
    await expectFailure(h.browser().call(call), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
  });

  it.each(calls)('%s refuses a forged session cookie', async (_name, call) => {
    const forged = h.browser({ cookieHeader: `session=${'a'.repeat(40)}` });
    await expectFailure(forged.call(call), { code: 'UNAUTHORIZED', reason: 'SESSION_REQUIRED' });
  });
});
