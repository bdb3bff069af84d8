/**
 * The only module that knows about Lucia (v3 is unmaintained upstream): everything else calls
 * these functions, so replacing Lucia means rewriting this one file.
 *
 * Tokens come from Lucia (200 bits from a CSPRNG). The database never sees a token: the adapter
 * stores and looks up SHA-256(token), and rows carry a separate public id for listing/revoking.
 */
import { createHash } from 'node:crypto';
import { Session, newId, selectRows, type EntityManager, type Role } from '@gatehouse/db';
import { Lucia, TimeSpan, type Adapter, type DatabaseSession } from 'lucia';
import { isSecureOrigin, type ApiConfig } from '../config.js';

interface SessionAttributes {
  publicId: string;
  createdAt: Date;
  lastSeenAt: Date;
  sudoUntil: Date | null;
  ip: string | null;
  userAgent: string | null;
  /** The user's organisation and role, read in the same statement as the session; never stored. */
  membership?: SessionMembership | null;
}

export interface SessionMembership {
  orgId: string;
  role: Role;
  /** Set while the member is suspended (SCIM `active: false`). */
  suspendedAt: Date | null;
  /** The organisation's MFA policy (SPEC §9), read with the session rather than by a statement of its own. */
  orgRequiresMfa: boolean;
}

/** One row of the session lookup: plain columns, no entity (this runs on every request). */
interface SessionLookupRow {
  id: string;
  user_id: string;
  created_at: Date | number | string;
  last_seen_at: Date | number | string;
  sudo_until: Date | number | string | null;
  ip: string | null;
  user_agent: string | null;
  organization_id: string | null;
  role: Role | null;
  suspended_at: Date | number | string | null;
  /** 0/1 from SQLite, a boolean from PostgreSQL; null without a membership. */
  require_mfa: boolean | number | null;
}

type GatehouseLucia = Lucia<SessionAttributes, Record<never, never>>;

declare module 'lucia' {
  interface Register {
    Lucia: GatehouseLucia;
    DatabaseSessionAttributes: SessionAttributes;
    DatabaseUserAttributes: Record<never, never>;
  }
}

export type SessionConfig = Pick<ApiConfig, 'appOrigin' | 'sessionIdleDays' | 'sessionMaxDays'>;

/** A session a use case opens inside its own transaction (sign-up, invitation acceptance). */
export interface OpeningSession {
  config: SessionConfig;
  sudoUntil: Date;
}

const DAY_MS = 86_400_000;
/** lastSeenAt (and so the idle deadline) is written at most once a minute per session. */
const TOUCH_INTERVAL_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function sessionCookieName(config: Pick<ApiConfig, 'appOrigin'>): string {
  // The __Host- prefix makes browsers insist on Secure, Path=/ and no Domain.
  return isSecureOrigin(config) ? '__Host-session' : 'session';
}

function deadline(config: SessionConfig, createdAt: Date, lastSeenAt: Date): Date {
  const idle = lastSeenAt.getTime() + config.sessionIdleDays * DAY_MS;
  const absolute = createdAt.getTime() + config.sessionMaxDays * DAY_MS;
  return new Date(Math.min(idle, absolute));
}

function adapterFor(em: EntityManager, config: SessionConfig): Adapter {
  const toDatabaseSession = (token: string, row: Session): DatabaseSession => ({
    id: token,
    userId: row.user.id,
    expiresAt: deadline(config, row.createdAt, row.lastSeenAt),
    attributes: {
      publicId: row.id,
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      sudoUntil: row.sudoUntil ?? null,
      ip: row.ip ?? null,
      userAgent: row.userAgent ?? null,
    },
  });

  return {
    async getSessionAndUser(token) {
      // The hottest query in the server: session and role in one statement, as plain columns.
      // (Timestamps come back as epoch ms from SQLite and as strings or Dates from PostgreSQL;
      // `new Date()` reads all three.)
      const [row] = await selectRows<SessionLookupRow>(
        em,
        `select s.id, s.user_id, s.created_at, s.last_seen_at, s.sudo_until, s.ip, s.user_agent,
                m.organization_id, m.role, m.suspended_at, o.require_mfa
           from session s
           left join membership m on m.user_id = s.user_id
           left join organization o on o.id = m.organization_id
          where s.token_hash = ? limit 1`,
        [hashToken(token)],
      );
      if (!row) return [null, null];
      const createdAt = new Date(row.created_at);
      const lastSeenAt = new Date(row.last_seen_at);
      const session: DatabaseSession = {
        id: token,
        userId: row.user_id,
        expiresAt: deadline(config, createdAt, lastSeenAt),
        attributes: {
          publicId: row.id,
          createdAt,
          lastSeenAt,
          sudoUntil: row.sudo_until === null ? null : new Date(row.sudo_until),
          ip: row.ip,
          userAgent: row.user_agent,
          membership:
            row.organization_id && row.role
              ? {
                  orgId: row.organization_id,
                  role: row.role,
                  suspendedAt: row.suspended_at === null ? null : new Date(row.suspended_at),
                  orgRequiresMfa: Boolean(row.require_mfa),
                }
              : null,
        },
      };
      return [session, { id: row.user_id, attributes: {} }];
    },
    async getUserSessions(userId) {
      // Tokens are unrecoverable by design; these ids are the public handles, not tokens.
      const rows = await em.find(Session, { user: userId });
      return rows.map((row) => toDatabaseSession(row.id, row));
    },
    async setSession(session) {
      const a = session.attributes;
      await em.insert(Session, {
        id: a.publicId,
        tokenHash: hashToken(session.id),
        user: session.userId,
        createdAt: a.createdAt,
        lastSeenAt: a.lastSeenAt,
        expiresAt: deadline(config, a.createdAt, a.lastSeenAt),
        sudoUntil: a.sudoUntil,
        ip: a.ip,
        userAgent: a.userAgent,
      });
    },
    async updateSessionExpiration(token, expiresAt) {
      // Lucia extends a session it has just validated, which is a sighting: slide the idle window.
      const row = await em.findOne(Session, { tokenHash: hashToken(token) });
      if (!row) return;
      const seen = new Date(expiresAt.getTime() - config.sessionIdleDays * DAY_MS);
      await em.nativeUpdate(Session, { id: row.id }, { lastSeenAt: seen, expiresAt: deadline(config, row.createdAt, seen) });
    },
    async deleteSession(token) {
      await em.nativeDelete(Session, { tokenHash: hashToken(token) });
    },
    async deleteUserSessions(userId) {
      await em.nativeDelete(Session, { user: userId });
    },
    async deleteExpiredSessions() {
      await em.nativeDelete(Session, { expiresAt: { $lte: new Date() } });
    },
  };
}

const noDatabase = (): never => {
  throw new Error('session cookie helpers have no database');
};
const cookieOnlyAdapter: Adapter = {
  getSessionAndUser: noDatabase,
  getUserSessions: noDatabase,
  setSession: noDatabase,
  updateSessionExpiration: noDatabase,
  deleteSession: noDatabase,
  deleteUserSessions: noDatabase,
  deleteExpiredSessions: noDatabase,
};

/** Cookie-only Lucia per config: reading the cookie runs on every request, building Lucia need not. */
const cookieLucias = new WeakMap<SessionConfig, GatehouseLucia>();

function luciaFor(em: EntityManager | null, config: SessionConfig): GatehouseLucia {
  if (!em) {
    // Cookie helpers never reach the adapter, so they may share one Lucia without a database.
    let lucia = cookieLucias.get(config);
    if (!lucia) cookieLucias.set(config, (lucia = newLucia(cookieOnlyAdapter, config)));
    return lucia;
  }
  return newLucia(adapterFor(em, config), config);
}

function newLucia(adapter: Adapter, config: SessionConfig): GatehouseLucia {
  return new Lucia(adapter, {
    sessionExpiresIn: new TimeSpan(config.sessionIdleDays, 'd'),
    sessionCookie: {
      name: sessionCookieName(config),
      attributes: { secure: isSecureOrigin(config), sameSite: 'lax', path: '/' },
    },
    getSessionAttributes: (attributes) => attributes,
  });
}

export interface ValidSession {
  token: string;
  id: string;
  userId: string;
  createdAt: Date;
  sudoUntil: Date | null;
  /** The user's organisation and role as of this very request (null: the user has none). */
  membership: SessionMembership | null;
  /** The cookie must be sent again (the idle deadline moved). */
  refreshCookie: boolean;
}

export async function validateSessionToken(
  em: EntityManager,
  config: SessionConfig,
  token: string,
): Promise<ValidSession | null> {
  // Cheap shape check first: Lucia tokens are 40 base32 characters.
  if (!/^[a-z2-7]{40}$/.test(token)) return null;
  const { session } = await luciaFor(em, config).validateSession(token);
  if (!session) return null;
  let refreshCookie = session.fresh;
  if (!session.fresh && Date.now() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    const now = new Date();
    await em.nativeUpdate(
      Session,
      { id: session.publicId },
      { lastSeenAt: now, expiresAt: deadline(config, session.createdAt, now) },
    );
    refreshCookie = true;
  }
  return {
    token,
    id: session.publicId,
    userId: session.userId,
    createdAt: session.createdAt,
    sudoUntil: session.sudoUntil,
    membership: session.membership ?? null,
    refreshCookie,
  };
}

export interface NewSessionInput {
  userId: string;
  ip: string | null;
  userAgent: string | null;
  sudoUntil: Date | null;
}

export async function createSession(
  em: EntityManager,
  config: SessionConfig,
  input: NewSessionInput,
  keep?: { id: string; createdAt: Date },
): Promise<{ token: string; id: string }> {
  const now = new Date();
  const session = await luciaFor(em, config).createSession(input.userId, {
    publicId: keep?.id ?? newId(),
    createdAt: keep?.createdAt ?? now,
    lastSeenAt: now,
    sudoUntil: input.sudoUntil,
    ip: input.ip,
    userAgent: input.userAgent,
  });
  return { token: session.id, id: session.publicId };
}

/**
 * Issues a new token for the same session (same public id, same absolute deadline) and kills the
 * old token in one transaction: used when privilege changes (sudo), so a token captured before
 * the step-up never carries it.
 */
export async function reissueSessionToken(
  em: EntityManager,
  config: SessionConfig,
  sessionId: string,
  input: NewSessionInput,
): Promise<{ token: string; id: string }> {
  return em.transactional(async (tx) => {
    const current = await tx.findOneOrFail(Session, { id: sessionId });
    const createdAt = current.createdAt;
    await tx.remove(current).flush();
    return createSession(tx, config, input, { id: sessionId, createdAt });
  });
}

export async function invalidateSessionToken(em: EntityManager, config: SessionConfig, token: string): Promise<void> {
  await luciaFor(em, config).invalidateSession(token);
}

export function sessionCookie(config: SessionConfig, token: string): string {
  return luciaFor(null, config).createSessionCookie(token).serialize();
}

export function blankSessionCookie(config: SessionConfig): string {
  return luciaFor(null, config).createBlankSessionCookie().serialize();
}

export function readSessionCookie(config: SessionConfig, cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  return luciaFor(null, config).readSessionCookie(cookieHeader);
}
