export { appRouter, createCaller, type AppRouter } from './root.js';
export { clientAddress, createContextInner, type Context, type InnerContextOptions, type RequestInfo } from './context.js';
export { defaultApiConfig, isSecureOrigin, type ApiConfig } from './config.js';
export { createRateLimits, DEFAULT_LIMITS, type LimitName, type Limit, type RateLimits } from './rate-limits.js';
export { REASONS, type Reason } from './errors.js';
export { sessionCookieName } from './auth/sessions.js';
export {
  BASELINE_SCOPES,
  BUILT_IN_ROLE_PERMISSIONS,
  ORG_PERMISSIONS,
  PERMISSION_SCOPE,
  SCOPES,
  scopesOfPermissions,
  type OrgPermission,
  type Permission,
  type Scope,
} from './domain/permissions.js';
export type { Principal } from './domain/principal.js';
export { createContext, responseHeaders } from './http.js';
export { createMailer, type Mailer } from './mail/mailer.js';
export { cachedSmtpProbe, mailHealth, type MailHealth } from './mail/queue-health.js';
export { createBackgroundJobs, RETENTION_JOB, type BackgroundJobsOptions } from './jobs/background.js';
export { createJobRunner, type JobRunner, type JobHandler, type JobLog } from './jobs/runner.js';
export { eraseAccount } from './domain/erasure.js';
export { resealTotpSecrets, type ResealOutcome } from './domain/mfa/reseal.js';
export { DEFAULT_RETENTION, purgeExpired, type RetentionPolicy } from './domain/retention.js';
export { recordDenial } from './domain/record-denial.js';
export { notify, queueMail, type NotificationEvent } from './domain/notifications.js';
export { remindExpiringKeys } from './domain/api-keys.js';
export * as scim from './domain/scim/index.js';
export { StreamedExport } from './domain/export.js';
export * as reference from './reference/index.js';
