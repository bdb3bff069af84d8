import { MfaTotp, type EntityManager } from '@gatehouse/db';
import { openSealed, sealSecret, type TotpKeys } from '../../auth/totp.js';

export interface ResealOutcome {
  /** Secrets (set up or pending) that opened under a previous key and are now sealed under the current one. */
  resealed: number;
  /** Secrets no configured key opens: their owners must set their app up again (or be reset). */
  unreadable: number;
}

const PAGE = 200;

/**
 * Seals every TOTP secret still under a previous MFA_ENCRYPTION_KEY again under the current one,
 * so the previous key can then be dropped from the configuration. Safe to run on every instance
 * at once and while people use their apps: each row is rewritten only if it still holds the
 * ciphertext that was read, so a concurrent re-enrolment or another instance's reseal wins.
 */
export async function resealTotpSecrets(em: EntityManager, keys: TotpKeys): Promise<ResealOutcome> {
  const outcome: ResealOutcome = { resealed: 0, unreadable: 0 };
  let after = '';
  for (;;) {
    const rows = await em.fork().find(
      MfaTotp,
      { id: { $gt: after } },
      { fields: ['id', 'user', 'secret', 'pendingSecret'], orderBy: { id: 'asc' }, limit: PAGE },
    );
    for (const row of rows) {
      const userId = row.user.id;
      for (const column of ['secret', 'pendingSecret'] as const) {
        const sealed = row[column];
        if (!sealed) continue;
        let opened: ReturnType<typeof openSealed>;
        try {
          opened = openSealed(keys, userId, sealed);
        } catch {
          outcome.unreadable++;
          continue;
        }
        if (!opened.underPreviousKey) continue;
        const changed = await em
          .fork()
          .nativeUpdate(MfaTotp, { id: row.id, [column]: sealed }, { [column]: sealSecret(keys.mfaEncryptionKey, userId, opened.plaintext) });
        outcome.resealed += changed;
      }
    }
    if (rows.length < PAGE) return outcome;
    after = rows.at(-1)!.id;
  }
}
