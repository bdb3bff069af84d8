// Attack: make the server fail on a write so that the SQL it logs carries a hash or an email.
import { describe, expect, it } from 'vitest';
import { logSafeError } from '../src/log-safe-error.js';

describe('logSafeError', () => {
  it('drops the SQL (and the values inlined in it) from driver errors, keeping the reason', () => {
    const error = new Error(
      `insert into "user" ("email", "password_hash") values ('ada@example.com', '$argon2id$v=19$m=19456,t=2,p=1$abc') - duplicate key value violates unique constraint "user_email_unique"`,
    );
    const logged = JSON.stringify(logSafeError(error));
    expect(logged).toContain('duplicate key value violates unique constraint');
    expect(logged).not.toContain('ada@example.com');
    expect(logged).not.toContain('$argon2id$');
  });

  it('keeps ordinary messages and stack frames', () => {
    const logged = logSafeError(new TypeError('cannot read properties of undefined'));
    expect(logged).toMatchObject({ type: 'TypeError', message: 'cannot read properties of undefined' });
    expect(logged.stack).toMatch(/^\s+at /);
  });
});
