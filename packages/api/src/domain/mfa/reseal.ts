import { MfaTotp, type EntityManager } from '@gatehouse/db';
import { openSealed, sealSecret, type TotpKeys } from '../../auth/totp.js';

export interface ResealOutcome {
  /** Secrets (set up or pending) that opened under a previous key and are now sealed under the current one. */
  resealed: number;
  /** Secrets no configured key opens: their owners must set their app up again (or be reset). */
  unreadable: number;
  /**
   * Secrets still under a previous key when it stopped: rows that kept changing under it, or that
   * an instance not yet given the current key wrote. Zero means the previous keys can go.
   */
  remaining: number;
}

const PAGE = 200;
const MAX_PASSES = 5;

/**
 * Seals every TOTP secret still under a previous MFA_ENCRYPTION_KEY again under the current one,
 * so the previous key can then be dropped from the configuration. Safe to run on every instance
 * at once and while people use their apps: a row is rewritten only if it still holds the
 * ciphertext that was read, and a row that changed meanwhile is read again in the next pass, so
 * `remaining` is zero only once a whole pass found nothing left under a previous key.
 */
export async function resealTotpSecrets(em: EntityManager, keys: TotpKeys): Promise<ResealOutcome> {
  let resealed = 0;
  let pass = await resealPass(em, keys);
  resealed += pass.resealed;
  for (let n = 1; pass.missed > 0 && n < MAX_PASSES; n++) {
    pass = await resealPass(em, keys);
    resealed += pass.resealed;
  }
  return { resealed, unreadable: pass.unreadable, remaining: pass.missed };
}

/** One walk over every row; `missed`: found under a previous key but changed before it could be rewritten. */
async function resealPass(em: EntityManager, keys: TotpKeys): Promise<{ resealed: number; unreadable: number; missed: number }> {
  const outcome = { resealed: 0, unreadable: 0, missed: 0 };
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
        if (changed === 1) outcome.resealed++;
        else outcome.missed++;
      }
    }
    if (rows.length < PAGE) return outcome;
    after = rows.at(-1)!.id;
  }
}
