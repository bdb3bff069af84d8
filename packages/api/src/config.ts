/** What the API needs to know about its deployment; the server builds it from the environment. */
export interface ApiConfig {
  /** Exact origin (scheme, host, port) that browsers use; mutations from elsewhere are refused. */
  appOrigin: string;
  sudoWindowSeconds: number;
  sessionIdleDays: number;
  sessionMaxDays: number;
  /** Pending invitations an organisation may have at once (each one is a mail to someone). */
  maxPendingInvitations: number;
}

export function isSecureOrigin(config: Pick<ApiConfig, 'appOrigin'>): boolean {
  return new URL(config.appOrigin).protocol === 'https:';
}

export const defaultApiConfig: ApiConfig = {
  appOrigin: 'http://localhost:3000',
  sudoWindowSeconds: 600,
  sessionIdleDays: 7,
  sessionMaxDays: 30,
  maxPendingInvitations: 500,
};
