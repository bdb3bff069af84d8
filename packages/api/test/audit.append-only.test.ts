// Attack: erase or rewrite the audit trail through the API, to hide what was done.
// Every mutation the router offers is run, successfully, and the audit table is read whole
// before and after: rows may be added, none may go, and none may change, except erasure's
// pseudonymisation of the erased user (their id becomes one opaque id, their ip and user agent go).
import { Passkey } from '@gatehouse/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultApiConfig } from '../src/config.js';
import { appRouter } from '../src/root.js';
import { auditTable, pseudonymised, type Erased } from './audit-table.js';
import { createHarness, STRONG_PASSWORD, type Browser, type Harness } from './harness.js';
import { joinOrg, newOrg, type Account } from './org-admin.fixtures.js';
import { enrolTotp, totpCode } from './mfa-helpers.js';
import { SoftAuthenticator } from './soft-authenticator.js';

let h: Harness;
const authenticator = new SoftAuthenticator(defaultApiConfig.appOrigin);
let owner: Account & { password: string };
beforeAll(async () => {
  h = await createHarness();
  const account = await newOrg(h, 'Trail');
  owner = { ...account, password: STRONG_PASSWORD };
});
afterAll(() => h.close());

const signedIn = async (email: string, password = STRONG_PASSWORD): Promise<Browser> => {
  const browser = h.browser();
  await browser.call((c) => c.auth.signIn({ email, password }));
  return browser;
};
const invite = async (email: string) =>
  owner.browser.call((c) => c.orgAdmin.invitations.create({ email, role: 'member', teamIds: [] }));
const tokenOf = (url: string) => url.split('/').pop()!;
const newEmail = (label: string) => `${label}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;

/** A member with a trail of their own: joined by invitation, edited by the owner, then active themselves. */
async function memberWithHistory(): Promise<Erased & { browser: Browser }> {
  const email = newEmail('history');
  const { url } = await invite(email);
  const browser = h.browser();
  const { userId } = await browser.call((c) =>
    c.auth.acceptInvitation({ token: tokenOf(url), displayName: 'Has History', password: STRONG_PASSWORD }),
  );
  await owner.browser.call((c) => c.orgAdmin.members.update({ userId, jobTitle: 'Leaving soon' }));
  await browser.call((c) => c.me.updateProfile({ displayName: 'Has A Long History' }));
  await browser.call((c) => c.me.apiKeys.create({ name: 'before I go', scopes: ['profile:read'], expiresInDays: 3 }));
  await browser.call((c) => c.me.sudo.enter({ password: STRONG_PASSWORD }));
  return { userId, email, browser };
}

/**
 * Each mutation as a set-up (run before the table is read) that returns the one successful call
 * under test, in an order where each finds what it needs. Erasing calls return who they erased.
 */
type Act = () => Promise<Erased | void>;
/** A call that needs no set-up. */
const now = (act: Act) => () => Promise.resolve(act);
const mutations: Record<string, () => Promise<Act>> = {
  'auth.signUp': now(async () => {
    await h.browser().call((c) =>
      c.auth.signUp({ email: newEmail('signup'), password: STRONG_PASSWORD, displayName: 'New', orgName: 'New Org' }),
    );
  }),
  'auth.signIn': now(async () => {
    await signedIn(owner.email);
  }),
  'auth.signOut': async () => {
    const browser = await signedIn(owner.email);
    return async () => {
      await browser.call((c) => c.auth.signOut());
    };
  },
  'auth.acceptInvitation': async () => {
    const { url } = await invite(newEmail('joiner'));
    return async () => {
      await h.browser().call((c) => c.auth.acceptInvitation({ token: tokenOf(url), displayName: 'Joiner', password: STRONG_PASSWORD }));
    };
  },
  'auth.verifyEmail': async () => {
    const { email } = await h.signUp({ verified: false });
    const token = await h.mailedToken(email, '/verify-email/');
    return async () => {
      await h.browser().call((c) => c.auth.verifyEmail({ token }));
    };
  },
  'me.resendVerification': async () => {
    const { browser } = await h.signUp({ verified: false });
    return async () => {
      await browser.call((c) => c.me.resendVerification());
    };
  },
  'auth.requestPasswordReset': now(async () => {
    await h.browser().call((c) => c.auth.requestPasswordReset({ email: owner.email }));
  }),
  'auth.resetPassword': async () => {
    const { email } = await h.signUp();
    await h.browser().call((c) => c.auth.requestPasswordReset({ email }));
    const token = await h.mailedToken(email, '/reset-password/');
    return async () => {
      await h.browser().call((c) => c.auth.resetPassword({ token, newPassword: 'reset for the trail 21' }));
    };
  },
  'me.changeEmail': async () => {
    const { browser } = await h.signUp();
    return async () => {
      await browser.call((c) => c.me.changeEmail({ newEmail: newEmail('moving'), password: STRONG_PASSWORD }));
    };
  },
  'auth.confirmEmailChange': async () => {
    const { browser } = await h.signUp();
    const target = newEmail('moved');
    await browser.call((c) => c.me.changeEmail({ newEmail: target, password: STRONG_PASSWORD }));
    const token = await h.mailedToken(target, '/confirm-email/');
    return async () => {
      await h.browser().call((c) => c.auth.confirmEmailChange({ token }));
    };
  },
  'auth.cancelEmailChange': async () => {
    const { browser, email } = await h.signUp();
    await browser.call((c) => c.me.changeEmail({ newEmail: newEmail('hijack'), password: STRONG_PASSWORD }));
    const token = await h.mailedToken(email, '/cancel-email-change/');
    return async () => {
      await h.browser().call((c) => c.auth.cancelEmailChange({ token }));
    };
  },
  'me.updateProfile': now(async () => {
    await owner.browser.call((c) => c.me.updateProfile({ displayName: 'Owner Renamed', timezone: 'Europe/Paris' }));
  }),
  'me.changePassword': async () => {
    const { browser } = await h.signUp();
    return async () => {
      await browser.call((c) => c.me.changePassword({ currentPassword: STRONG_PASSWORD, newPassword: 'another strong passphrase 7' }));
    };
  },
  'me.sessions.revoke': async () => {
    await signedIn(owner.email);
    const other = (await owner.browser.call((c) => c.me.sessions.list())).find((s) => !s.current)!;
    return async () => {
      await owner.browser.call((c) => c.me.sessions.revoke({ sessionId: other.id }));
    };
  },
  'me.sessions.revokeOthers': async () => {
    await signedIn(owner.email);
    return async () => {
      await owner.browser.call((c) => c.me.sessions.revokeOthers());
    };
  },
  'me.sudo.enter': now(async () => {
    await owner.browser.call((c) => c.me.sudo.enter({ password: owner.password }));
  }),
  'me.sudo.passkeyOptions': now(async () => {
    await owner.browser.call((c) => c.me.sudo.passkeyOptions());
  }),
  'me.mfa.passkeys.registrationOptions': now(async () => {
    await owner.browser.call((c) => c.me.mfa.passkeys.registrationOptions());
  }),
  'me.mfa.passkeys.register': async () => {
    const options = await owner.browser.call((c) => c.me.mfa.passkeys.registrationOptions());
    const response = authenticator.register(options);
    return async () => {
      await owner.browser.call((c) => c.me.mfa.passkeys.register({ name: 'Laptop', response }));
    };
  },
  'me.mfa.passkeys.rename': async () => {
    const [passkey] = await h.orm.em.fork().find(Passkey, { user: owner.userId });
    return async () => {
      await owner.browser.call((c) => c.me.mfa.passkeys.rename({ passkeyId: passkey!.id, name: 'Work laptop' }));
    };
  },
  'auth.passkey.options': now(async () => {
    await h.browser().call((c) => c.auth.passkey.options());
  }),
  'auth.passkey.signIn': async () => {
    const browser = h.browser();
    const response = authenticator.assert(await browser.call((c) => c.auth.passkey.options()));
    return async () => {
      await browser.call((c) => c.auth.passkey.signIn({ response }));
    };
  },
  'me.mfa.passkeys.delete': async () => {
    const options = await owner.browser.call((c) => c.me.mfa.passkeys.registrationOptions());
    const { passkey } = await owner.browser.call((c) => c.me.mfa.passkeys.register({ name: 'Spare', response: authenticator.register(options) }));
    return async () => {
      await owner.browser.call((c) => c.me.mfa.passkeys.delete({ passkeyId: passkey.id }));
    };
  },
  'auth.mfa.passkeyOptions': async () => {
    const { browser, email } = await h.signUp();
    const options = await browser.call((c) => c.me.mfa.passkeys.registrationOptions());
    await browser.call((c) => c.me.mfa.passkeys.register({ name: 'Key', response: authenticator.register(options) }));
    const second = await signedIn(email);
    return async () => {
      await second.call((c) => c.auth.mfa.passkeyOptions());
    };
  },
  'auth.mfa.verify': async () => {
    const { browser, email } = await h.signUp();
    const { backupCodes } = await enrolTotp(browser);
    const second = await signedIn(email);
    return async () => {
      await second.call((c) => c.auth.mfa.verify({ backupCode: backupCodes[0]! }));
    };
  },
  'orgAdmin.settings.update': now(async () => {
    await owner.browser.call((c) => c.orgAdmin.settings.update({}));
  }),
  'orgAdmin.members.resetMfa': async () => {
    const member = await memberWithHistory();
    return async () => {
      await owner.browser.call((c) => c.orgAdmin.members.resetMfa({ userId: member.userId }));
    };
  },
  'me.mfa.totp.begin': async () => {
    const { browser } = await h.signUp();
    return async () => {
      await browser.call((c) => c.me.mfa.totp.begin());
    };
  },
  'me.mfa.totp.confirm': async () => {
    const { browser } = await h.signUp();
    const { secret } = await browser.call((c) => c.me.mfa.totp.begin());
    return async () => {
      await browser.call((c) => c.me.mfa.totp.confirm({ code: totpCode(secret) }));
    };
  },
  'me.mfa.totp.disable': async () => {
    const { browser } = await h.signUp();
    await enrolTotp(browser);
    return async () => {
      await browser.call((c) => c.me.mfa.totp.disable());
    };
  },
  'me.mfa.backupCodes.regenerate': async () => {
    const { browser } = await h.signUp();
    await enrolTotp(browser);
    return async () => {
      await browser.call((c) => c.me.mfa.backupCodes.regenerate());
    };
  },
  'me.notifications.updatePreferences': now(async () => {
    await owner.browser.call((c) =>
      c.me.notifications.updatePreferences({ preferences: [{ category: 'product', email: false, inApp: false }] }),
    );
  }),
  'me.notifications.markRead': now(async () => {
    await owner.browser.call((c) => c.me.notifications.markRead({ all: true }));
  }),
  'me.apiKeys.create': now(async () => {
    await owner.browser.call((c) => c.me.apiKeys.create({ name: 'trail key', scopes: ['profile:read'], expiresInDays: 5 }));
  }),
  'me.apiKeys.rotate': async () => {
    const [key] = await owner.browser.call((c) => c.me.apiKeys.list());
    return async () => {
      await owner.browser.call((c) => c.me.apiKeys.rotate({ keyId: key!.id }));
    };
  },
  'me.apiKeys.completeRotation': async () => {
    const [key] = await owner.browser.call((c) => c.me.apiKeys.list());
    return async () => {
      await owner.browser.call((c) => c.me.apiKeys.completeRotation({ keyId: key!.id }));
    };
  },
  'me.apiKeys.delete': async () => {
    const [key] = await owner.browser.call((c) => c.me.apiKeys.list());
    return async () => {
      await owner.browser.call((c) => c.me.apiKeys.delete({ keyId: key!.id }));
    };
  },
  'me.exportData': now(async () => {
    await owner.browser.call((c) => c.me.exportData());
  }),
  'orgAdmin.members.update': async () => {
    const member = await joinOrg(h, owner.orgId, 'member');
    return async () => {
      await owner.browser.call((c) => c.orgAdmin.members.update({ userId: member.userId, department: 'Records' }));
    };
  },
  'orgAdmin.members.setRole': async () => {
    const member = await joinOrg(h, owner.orgId, 'member');
    return async () => {
      await owner.browser.call((c) => c.orgAdmin.members.setRole({ userId: member.userId, role: 'admin' }));
    };
  },
  'orgAdmin.teams.create': now(async () => {
    await owner.browser.call((c) => c.orgAdmin.teams.create({ name: 'Archivists' }));
  }),
  'orgAdmin.teams.rename': async () => {
    const [team] = await owner.browser.call((c) => c.orgAdmin.teams.list());
    return async () => {
      await owner.browser.call((c) => c.orgAdmin.teams.rename({ teamId: team!.id, name: 'Record keepers' }));
    };
  },
  'orgAdmin.teams.addMember': async () => {
    const [team] = await owner.browser.call((c) => c.orgAdmin.teams.list());
    return async () => {
      await owner.browser.call((c) => c.orgAdmin.teams.addMember({ teamId: team!.id, userId: owner.userId }));
    };
  },
  'orgAdmin.teams.removeMember': async () => {
    const [team] = await owner.browser.call((c) => c.orgAdmin.teams.list());
    return async () => {
      await owner.browser.call((c) => c.orgAdmin.teams.removeMember({ teamId: team!.id, userId: owner.userId }));
    };
  },
  'orgAdmin.agents.create': async () => {
    const [team] = await owner.browser.call((c) => c.orgAdmin.teams.list());
    return async () => {
      await owner.browser.call((c) => c.orgAdmin.agents.create({ teamId: team!.id, name: 'Scribe' }));
    };
  },
  'orgAdmin.agents.delete': async () => {
    const [agent] = await owner.browser.call((c) => c.agents.list());
    return async () => {
      await owner.browser.call((c) => c.orgAdmin.agents.delete({ agentId: agent!.id }));
    };
  },
  'orgAdmin.roles.create': now(async () => {
    await owner.browser.call((c) => c.orgAdmin.roles.create({ name: 'Archivist', permissions: ['audit:read'] }));
  }),
  'orgAdmin.roles.update': async () => {
    const role = (await owner.browser.call((c) => c.orgAdmin.roles.list())).find((r) => !r.builtIn)!;
    return async () => {
      await owner.browser.call((c) => c.orgAdmin.roles.update({ roleId: role.id, permissions: ['audit:read', 'members:read'] }));
    };
  },
  'orgAdmin.teams.setMemberRole': async () => {
    const [team] = await owner.browser.call((c) => c.orgAdmin.teams.list());
    const role = (await owner.browser.call((c) => c.orgAdmin.roles.list())).find((r) => !r.builtIn)!;
    const member = await joinOrg(h, owner.orgId, 'member');
    return async () => {
      await owner.browser.call((c) => c.orgAdmin.teams.setMemberRole({ teamId: team!.id, userId: member.userId, roleId: role.id }));
    };
  },
  'orgAdmin.roles.delete': async () => {
    const role = (await owner.browser.call((c) => c.orgAdmin.roles.list())).find((r) => !r.builtIn)!;
    return async () => {
      await owner.browser.call((c) => c.orgAdmin.roles.delete({ roleId: role.id }));
    };
  },
  'orgAdmin.serviceAccounts.create': now(async () => {
    await owner.browser.call((c) => c.orgAdmin.serviceAccounts.create({ name: 'archiver', role: 'member', teamIds: [] }));
  }),
  'orgAdmin.serviceAccounts.update': async () => {
    const [account] = await owner.browser.call((c) => c.orgAdmin.serviceAccounts.list());
    return async () => {
      await owner.browser.call((c) => c.orgAdmin.serviceAccounts.update({ serviceAccountId: account!.id, name: 'archive-bot' }));
    };
  },
  'orgAdmin.serviceAccounts.keys.create': async () => {
    const [account] = await owner.browser.call((c) => c.orgAdmin.serviceAccounts.list());
    return async () => {
      await owner.browser.call((c) =>
        c.orgAdmin.serviceAccounts.keys.create({ serviceAccountId: account!.id, name: 'nightly', scopes: ['profile:read'], expiresInDays: 5 }),
      );
    };
  },
  'orgAdmin.serviceAccounts.keys.rotate': async () => {
    const [account] = await owner.browser.call((c) => c.orgAdmin.serviceAccounts.list());
    return async () => {
      await owner.browser.call((c) => c.orgAdmin.serviceAccounts.keys.rotate({ serviceAccountId: account!.id, keyId: account!.keys[0]!.id }));
    };
  },
  'orgAdmin.serviceAccounts.keys.completeRotation': async () => {
    const [account] = await owner.browser.call((c) => c.orgAdmin.serviceAccounts.list());
    return async () => {
      await owner.browser.call((c) =>
        c.orgAdmin.serviceAccounts.keys.completeRotation({ serviceAccountId: account!.id, keyId: account!.keys[0]!.id }),
      );
    };
  },
  'orgAdmin.serviceAccounts.keys.delete': async () => {
    const [account] = await owner.browser.call((c) => c.orgAdmin.serviceAccounts.list());
    return async () => {
      await owner.browser.call((c) => c.orgAdmin.serviceAccounts.keys.delete({ serviceAccountId: account!.id, keyId: account!.keys[0]!.id }));
    };
  },
  'orgAdmin.serviceAccounts.delete': async () => {
    const [account] = await owner.browser.call((c) => c.orgAdmin.serviceAccounts.list());
    return async () => {
      await owner.browser.call((c) => c.orgAdmin.serviceAccounts.delete({ serviceAccountId: account!.id }));
    };
  },
  'orgAdmin.scim.tokens.create': now(async () => {
    await owner.browser.call((c) => c.orgAdmin.scim.tokens.create({ name: 'Okta' }));
  }),
  'orgAdmin.scim.tokens.revoke': async () => {
    const [token] = await owner.browser.call((c) => c.orgAdmin.scim.tokens.list());
    return async () => {
      await owner.browser.call((c) => c.orgAdmin.scim.tokens.revoke({ tokenId: token!.id }));
    };
  },
  'orgAdmin.teams.delete': async () => {
    const [team] = await owner.browser.call((c) => c.orgAdmin.teams.list());
    return async () => {
      await owner.browser.call((c) => c.orgAdmin.teams.delete({ teamId: team!.id }));
    };
  },
  'orgAdmin.invitations.create': now(async () => {
    await invite(newEmail('invitee'));
  }),
  'orgAdmin.invitations.resend': async () => {
    const { invitation } = await invite(newEmail('resent'));
    return async () => {
      await owner.browser.call((c) => c.orgAdmin.invitations.resend({ invitationId: invitation.id }));
    };
  },
  'orgAdmin.invitations.revoke': async () => {
    const { invitation } = await invite(newEmail('revoked'));
    return async () => {
      await owner.browser.call((c) => c.orgAdmin.invitations.revoke({ invitationId: invitation.id }));
    };
  },
  'orgAdmin.apiKeys.delete': async () => {
    const member = await memberWithHistory();
    const [key] = await member.browser.call((c) => c.me.apiKeys.list());
    return async () => {
      await owner.browser.call((c) => c.orgAdmin.apiKeys.delete({ keyId: key!.id }));
    };
  },
  'orgAdmin.members.remove': async () => {
    const member = await memberWithHistory();
    return async () => {
      await owner.browser.call((c) => c.orgAdmin.members.remove({ userId: member.userId }));
      return member;
    };
  },
  'me.deleteAccount': async () => {
    const member = await memberWithHistory();
    return async () => {
      await member.browser.call((c) => c.me.deleteAccount({ password: STRONG_PASSWORD }));
      return member;
    };
  },
};

describe('the audit trail through the API', () => {
  it('is offered no mutation this test does not run', () => {
    // tRPC lists a router's procedures, flattened by path, only on its _def (read the same way in
    // the server's trpc-mount, whose equivalence test guards it across upgrades).
    // Its type shows the nesting; at run time the record is flat, keyed by the full path.
    const procedures: Record<string, unknown> = appRouter._def.procedures;
    const routerMutations = Object.entries(procedures)
      .filter(([, procedure]) => (procedure as { _def: { type: string } })._def.type === 'mutation')
      .map(([path]) => path);
    expect(Object.keys(mutations).sort()).toEqual(routerMutations.sort());
  });

  it.each(Object.keys(mutations))('%s only adds rows, and leaves every older row as it was', async (path) => {
    const act = await mutations[path]!();
    const before = await auditTable(h.orm);
    const erased = await act();
    const after = await auditTable(h.orm);

    const added = [...after.values()].filter((row) => !before.has(row.id));
    const opaqueId = erased
      ? added.find((row) => ['user.deleted', 'member.removed'].includes(row.action))?.target_id
      : undefined;
    if (erased) expect(opaqueId).toMatch(/^erased-/);
    const expected = [...before.values()].map((row) => (erased ? pseudonymised(row, erased, opaqueId!) : row));
    expect([...before.keys()].filter((id) => after.has(id))).toEqual([...before.keys()]);
    expect(expected.map((row) => after.get(row.id))).toEqual(expected);
    if (erased) {
      // Erasure did reach the user's older rows (the check above is not vacuous), and left no trace of them.
      expect(expected.filter((row) => row.actor_id === opaqueId).length).toBeGreaterThanOrEqual(4);
      expect(expected.filter((row) => row.target_id === opaqueId).length).toBeGreaterThanOrEqual(2);
      const text = JSON.stringify([...after.values()]);
      expect(text).not.toContain(erased.userId);
      expect(text).not.toContain(erased.email);
    }
  });
});
