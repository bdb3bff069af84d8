// Attack on availability: a batch of procedures whose joined names pass the router's parameter
// limit (100 characters by default) was refused whole with 414, the admin member page's among them
// (browser/member-page-batches.test.ts replays that page's queries).
import { appRouter, reference } from '@gatehouse/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PROCEDURE_PATH_LENGTH } from '../src/app.js';
import { PASSWORD, trpc, uniqueEmail } from './scim-client.js';
import { startServer, type RunningServer } from './server.js';

let s: RunningServer;
let cookie: string;
beforeAll(async () => {
  s = await startServer({ LOG_LEVEL: 'silent' });
  cookie = (await trpc(s, 'auth.signUp', { email: uniqueEmail('owner'), password: PASSWORD, displayName: 'Olive', orgName: 'Acme' })).cookie!;
});
afterAll(() => s.close());

const procedures = reference.listProcedures(appRouter);
const longest = (type: string) =>
  procedures
    .filter((p) => p.type === type)
    .map((p) => p.path)
    .sort((a, b) => b.length - a.length)
    .slice(0, 10);

interface Answer {
  result?: unknown;
  error?: { data: { path: string; httpStatus: number } };
}

/** Each call of the batch must have its own answer, from its own procedure. */
async function expectAnsweredOneByOne(res: Response, paths: string[]) {
  expect(res.status).not.toBe(414);
  const answers = (await res.json()) as Answer[];
  expect(answers).toHaveLength(paths.length);
  answers.forEach((answer, i) => {
    if (answer.error) expect(answer.error.data.path).toBe(paths[i]);
    else expect(answer.result).toBeDefined();
  });
}

describe('batches of long procedure names', () => {
  it(`fit: every procedure name is at most ${MAX_PROCEDURE_PATH_LENGTH} characters`, () => {
    const tooLong = procedures.map((p) => p.path).filter((path) => path.length > MAX_PROCEDURE_PATH_LENGTH);
    expect(tooLong).toEqual([]);
  });

  it('of the 10 longest queries are answered call by call', async () => {
    const paths = longest('query');
    expect(paths.join(',').length).toBeGreaterThan(100);
    const input = encodeURIComponent(JSON.stringify(Object.fromEntries(paths.map((_, i) => [i, {}]))));
    const res = await fetch(`${s.url}/trpc/${paths.join(',')}?batch=1&input=${input}`, { headers: { cookie } });
    await expectAnsweredOneByOne(res, paths);
  });

  it('of the 10 longest mutations are answered call by call', async () => {
    const paths = longest('mutation');
    expect(paths.join(',').length).toBeGreaterThan(300);
    // Signed out: each call is refused on its own, and nothing changes.
    const res = await fetch(`${s.url}/trpc/${paths.join(',')}?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: s.origin },
      body: JSON.stringify(Object.fromEntries(paths.map((_, i) => [i, {}]))),
    });
    await expectAnsweredOneByOne(res, paths);
  });
});
