// Browser-safe: zod schemas only, no server code. The web app imports this entry for its forms.
export * from './auth.js';
export * from './fields.js';
export * from './me.js';
export * from './mfa.js';
export * from './api-keys.js';
export * from './notifications.js';
export * from './org-admin.js';
export * from './roles.js';
export * from './service-accounts.js';
export * from './scim.js';
export * from './device-name.js';
export * from './passkeys.js';
