// Attack: smuggle a write through an odd PATCH path or filter (SQL in a filter value, a path the
// service provider does not understand) instead of being refused.
import { describe, expect, it } from 'vitest';
import { compileFilter } from '../src/domain/scim/filter.js';
import { applyPatch, patchOperations } from '../src/domain/scim/patch.js';

const columns = {
  username: { sql: 'u.email', caseExact: false },
  externalid: { sql: 'm.external_id', caseExact: true },
  active: { sql: '', caseExact: true, boolean: { whenTrue: 'm.suspended_at is null', whenFalse: 'm.suspended_at is not null' } },
};

describe('SCIM filters', () => {
  it('compile to bound parameters, never to text spliced into SQL', () => {
    const where = compileFilter(`userName eq "x' or 1=1 --" and externalId sw "a%b"`, columns);
    expect(where.sql).toBe("(lower(u.email) = ? and m.external_id like ? escape '!')");
    expect(where.params).toEqual(["x' or 1=1 --", 'a!%b%']);
    expect(compileFilter('active eq false', columns)).toEqual({ sql: 'm.suspended_at is not null', params: [] });
  });

  it('refuse what they cannot answer exactly', () => {
    for (const bad of ['password eq "x"', 'userName eq', 'active gt true', '(((']) {
      expect(() => compileFilter(bad, columns), bad).toThrow(expect.objectContaining({ scimType: 'invalidFilter' }));
    }
  });
});

describe('SCIM PATCH', () => {
  const user = { userName: 'a@example.com', active: true, emails: [{ value: 'a@example.com', type: 'work', primary: true }], name: { givenName: 'A' } };

  it('applies the forms Okta and Entra send', () => {
    expect(applyPatch(user, patchOperations({ Operations: [{ op: 'replace', value: { active: false } }] })).active).toBe(false);
    expect(applyPatch(user, patchOperations({ Operations: [{ op: 'Replace', path: 'name.familyName', value: 'B' }] })).name).toEqual({ givenName: 'A', familyName: 'B' });
    const email = applyPatch(user, patchOperations({ Operations: [{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'b@example.com' }] }));
    expect(email.emails).toEqual([{ value: 'b@example.com', type: 'work', primary: true }]);
    const group = { displayName: 'G', members: [{ value: '1' }, { value: '2' }] };
    expect(applyPatch(group, patchOperations({ Operations: [{ op: 'Remove', path: 'members[value eq "1"]' }] })).members).toEqual([{ value: '2' }]);
    expect(applyPatch(group, patchOperations({ Operations: [{ op: 'add', path: 'members', value: [{ value: '2' }, { value: '3' }] }] })).members).toEqual([
      { value: '1' },
      { value: '2' },
      { value: '3' },
    ]);
    // The input is never modified in place.
    expect(group.members).toHaveLength(2);
  });

  it('refuses malformed operations', () => {
    for (const body of [{}, { Operations: [] }, { Operations: [{ op: 'move', path: 'x' }] }, { Operations: [{ op: 'remove' }] }]) {
      expect(() => applyPatch(user, patchOperations(body)), JSON.stringify(body)).toThrow();
    }
    expect(() => applyPatch(user, patchOperations({ Operations: [{ op: 'replace', path: 'emails[type zz "x"].value', value: 1 }] }))).toThrow(
      expect.objectContaining({ scimType: 'invalidPath' }),
    );
  });
});
