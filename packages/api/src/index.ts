export { appRouter, createCaller, type AppRouter } from './root.js';
export { createContextInner, type Context, type InnerContextOptions, type RequestInfo } from './context.js';
export { defaultApiConfig, isSecureOrigin, type ApiConfig } from './config.js';
export { createRateLimits, DEFAULT_LIMITS, type LimitName, type Limit, type RateLimits } from './rate-limits.js';
export { REASONS, type Reason } from './errors.js';
export { sessionCookieName } from './auth/sessions.js';
export { SCOPES, type Scope, type Permission } from './domain/permissions.js';
export type { Principal } from './domain/principal.js';
export { createContext, responseHeaders } from './http.js';
