import { z } from 'zod';
import { parseTrustProxy } from './forwarded-for.js';
import { parseMfaKey } from './mfa-key.js';

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every environment variable the server reads (SPEC §7), validated once at start-up. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().min(1).default('sqlite:./data/gatehouse.db'),
  APP_ORIGIN: z
    .string()
    .url()
    .transform((value) => new URL(value).origin)
    .optional(),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const parsed = parseTrustProxy(value);
      if ('trust' in parsed) return parsed.trust;
      ctx.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    }),
  SUDO_WINDOW_SECONDS: positiveInt(600),
  SESSION_IDLE_DAYS: positiveInt(7),
  SESSION_MAX_DAYS: positiveInt(30),
  REDIS_URL: z.string().url().optional(),
  SMTP_URL: z.string().url().optional(),
  /** Background jobs (mail, reminders, purges) this instance runs at once. */
  JOB_CONCURRENCY: positiveInt(4),
  /** How long a claimed job belongs to its instance; a crashed instance's jobs wait this long. */
  JOB_LEASE_SECONDS: positiveInt(120),
  /**
   * Audit rows older than this many days are purged; unset keeps the trail forever (SPEC §6 keeps
   * it through erasure, so deleting history is an operator's explicit choice).
   */
  AUDIT_RETENTION_DAYS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value.trim() === '') return null;
      if (/^[1-9]\d{0,5}$/.test(value.trim())) return Number(value.trim());
      ctx.addIssue({
        code: 'custom',
        message: `must be a whole number of days from 1 to 999999 (got ${JSON.stringify(value)}); leave it unset to keep audit rows forever`,
      });
      return z.NEVER;
    }),
  /** 32 bytes, base64: seals TOTP secrets at rest. Unset, one is generated beside the database (mfa-key.ts). */
  MFA_ENCRYPTION_KEY: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return undefined;
      const key = parseMfaKey(value);
      if (key) return key;
      ctx.addIssue({ code: 'custom', message: 'must be 32 bytes in base64 (e.g. openssl rand -base64 32)' });
      return z.NEVER;
    }),
  /**
   * Keys being rotated out, comma-separated: they still open TOTP secrets, and the server seals
   * each again under MFA_ENCRYPTION_KEY when it starts. Drop them once it logs that all are done.
   */
  MFA_ENCRYPTION_KEY_PREVIOUS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      const parts = (value ?? '').split(',').map((part) => part.trim()).filter(Boolean);
      const keys = parts.map(parseMfaKey);
      if (keys.every((key) => key !== null)) return keys;
      ctx.addIssue({ code: 'custom', message: 'must be keys of 32 bytes in base64, separated by commas' });
      return z.NEVER;
    }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema> & { APP_ORIGIN: string };

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid environment:\n${problems}`);
  }
  const env = result.data;
  // Default origin: what a browser on this machine would use to reach us.
  const host = env.HOST === '0.0.0.0' || env.HOST === '127.0.0.1' || env.HOST === '::' ? 'localhost' : env.HOST;
  return { ...env, APP_ORIGIN: env.APP_ORIGIN ?? `http://${host}:${env.PORT}` };
}
