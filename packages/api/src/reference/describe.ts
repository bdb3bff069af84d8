import { z } from 'zod';
import { REASONS, type Reason } from '../errors.js';
import { BASELINE_SCOPES } from '../domain/permissions.js';
import { DEFAULT_LIMITS, type LimitName } from '../rate-limits.js';
import { CATALOGUE, LIMIT_SUBJECT, type CatalogueEntry } from './catalogue.js';
import { appRouter } from '../root.js';
import { listProcedures, type ProcedureInfo } from './list-procedures.js';

/** A procedure as the reference presents it: the router's facts joined with its catalogue entry. */
export interface DescribedProcedure extends ProcedureInfo {
  entry: CatalogueEntry;
  /** Whether an API key may call it. */
  keyCallable: boolean;
  /** Every `error.data.reason` the call can answer with, in the order of the one list. */
  reasons: Reason[];
}

export function catalogueEntryOf(path: string): CatalogueEntry {
  const entry = CATALOGUE[path];
  if (!entry) throw new Error(`${path} has no entry in packages/api/src/reference/catalogue.ts`);
  return entry;
}

export function describeProcedure(info: ProcedureInfo): DescribedProcedure {
  const entry = catalogueEntryOf(info.path);
  const { meta } = info;
  const reasons = new Set<Reason>(entry.reasons ?? []);
  const caller = meta.caller ?? 'anyone';
  if (caller === 'browser') reasons.add('SESSION_REQUIRED');
  if (caller === 'principal' || caller === 'session') {
    reasons.add('SESSION_REQUIRED').add('INVALID_API_KEY').add('ACCOUNT_SUSPENDED');
  }
  if (meta.scope) {
    if (meta.permission || !BASELINE_SCOPES.includes(meta.scope)) reasons.add('INSUFFICIENT_ROLE');
    if (caller === 'principal') reasons.add('INSUFFICIENT_SCOPE');
  }
  if (meta.sudo) reasons.add('SUDO_REQUIRED');
  // A mutation carrying a session cookie (and every auth.* mutation) must come from our origin.
  if (info.type === 'mutation' && caller !== 'anyone') reasons.add('INVALID_ORIGIN');
  if (info.input) reasons.add('VALIDATION');
  if (entry.limits?.length) reasons.add('RATE_LIMITED');
  return {
    ...info,
    entry,
    keyCallable: caller === 'principal' && !meta.sudo,
    reasons: REASONS.filter((r) => reasons.has(r)),
  };
}

const CALLERS = {
  anyone: 'anyone, signed in or not',
  browser: 'a person at a browser (never an API key)',
  principal: 'a session or an API key',
  session: 'an interactive session only (never an API key)',
} as const;

/** Who may call, in words: the caller, the key scope, the org permission, step-up. */
export function accessLines(d: DescribedProcedure): string[] {
  const { meta } = d;
  const lines = [`Caller: ${CALLERS[meta.caller ?? 'anyone']}`];
  if (meta.permission) {
    const reach = meta.reach === 'team' ? ' (org-wide, or within a team through a team role)' : '';
    lines.push(`Permission: \`${meta.permission}\`${reach}`);
  }
  if (meta.scope) {
    const self = !meta.permission && BASELINE_SCOPES.includes(meta.scope) ? ' (self-service: every role has it)' : '';
    lines.push(`API key scope: \`${meta.scope}\`${self}`);
  }
  if (meta.sudo) lines.push('Sudo: the session\'s step-up window must be open');
  return lines;
}

export function describeLimit(name: LimitName): string {
  const { points, durationSeconds } = DEFAULT_LIMITS[name];
  const window = durationSeconds % 3600 === 0 ? `${durationSeconds / 3600} h` : `${durationSeconds / 60} min`;
  return `\`${name}\`: ${points} per ${window}, ${LIMIT_SUBJECT[name]}`;
}

/** Every procedure of the app router, described for the reference. */
export function describedProcedures(): DescribedProcedure[] {
  return listProcedures(appRouter).map(describeProcedure);
}

/** What a client sends, as JSON Schema (2020-12, which OpenAPI 3.1 uses as is). */
export function inputJsonSchema(info: Pick<ProcedureInfo, 'input'>): Record<string, unknown> | null {
  if (!info.input) return null;
  const { $schema: _dialect, ...schema } = z.toJSONSchema(info.input, { io: 'input', unrepresentable: 'any' });
  return schema;
}
