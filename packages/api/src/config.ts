/** What the API needs to know about its deployment; the server builds it from the environment. */
export interface ApiConfig {
  /** Exact origin (scheme, host, port) that browsers use; mutations from elsewhere are refused. */
  appOrigin: string;
  sudoWindowSeconds: number;
  sessionIdleDays: number;
  sessionMaxDays: number;
  /** Pending invitations an organisation may have at once (each one is a mail to someone). */
  maxPendingInvitations: number;
  /** MFA_ENCRYPTION_KEY: 32 bytes that seal TOTP secrets at rest (AES-256-GCM). */
  mfaEncryptionKey: Buffer;
  /** MFA_ENCRYPTION_KEY_PREVIOUS: keys being rotated out, which still open (never seal) secrets. */
  mfaPreviousKeys: readonly Buffer[];
}

export function isSecureOrigin(config: Pick<ApiConfig, 'appOrigin'>): boolean {
  return new URL(config.appOrigin).protocol === 'https:';
}

/** Everything but the encryption key, which each deployment brings (the server: apps/server/src/mfa-key.ts). */
export const defaultApiConfig: Omit<ApiConfig, 'mfaEncryptionKey'> = {
  mfaPreviousKeys: [],
  appOrigin: 'http://localhost:3000',
  sudoWindowSeconds: 600,
  sessionIdleDays: 7,
  sessionMaxDays: 30,
  maxPendingInvitations: 500,
};
