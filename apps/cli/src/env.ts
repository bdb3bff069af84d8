import { CliError, EXIT } from './errors.js';

export const DEFAULT_URL = 'http://localhost:3000';
/** A call that hangs (a black-holed network, a wedged proxy) fails after this long instead of waiting forever. */
export const DEFAULT_TIMEOUT_SECONDS = 30;
const MAX_TIMEOUT_SECONDS = 3600;

/**
 * What an API key looks like (SPEC §4): `gate_<8-char id>_<32-char secret + 6-char checksum>`.
 * Checked before any request, so a truncated paste or a stray quote never reaches the network.
 */
const API_KEY_PATTERN = /^gate_[0-9A-Za-z]{8}_[0-9A-Za-z]{38}$/;

export interface CliConfig {
  /** Base URL of the Gatehouse server, without a trailing slash. */
  url: string;
  apiKey: string;
  /** How long one call may take before the CLI gives up (exit 6). */
  timeoutMs: number;
}

export type CliEnv = Record<string, string | undefined>;

export function isWellFormedApiKey(key: string): boolean {
  return API_KEY_PATTERN.test(key);
}

/** The only place the CLI reads its environment (GATEHOUSE_URL, GATEHOUSE_API_KEY, GATEHOUSE_TIMEOUT_SECONDS). */
export function readConfig(env: CliEnv): CliConfig {
  return { url: readUrl(env), apiKey: readApiKey(env), timeoutMs: readTimeoutSeconds(env) * 1000 };
}

function readTimeoutSeconds(env: CliEnv): number {
  const raw = env.GATEHOUSE_TIMEOUT_SECONDS?.trim();
  if (!raw) return DEFAULT_TIMEOUT_SECONDS;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS) {
    throw new CliError(`GATEHOUSE_TIMEOUT_SECONDS must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}, not ${raw}`, EXIT.usage);
  }
  return seconds;
}

function readUrl(env: CliEnv): string {
  const raw = env.GATEHOUSE_URL?.trim() || DEFAULT_URL;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`GATEHOUSE_URL is not a valid URL: ${raw}`, EXIT.usage);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`GATEHOUSE_URL must be an http:// or https:// URL, not ${url.protocol}`, EXIT.usage);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function readApiKey(env: CliEnv): string {
  const key = env.GATEHOUSE_API_KEY?.trim();
  if (!key) {
    throw new CliError(
      'GATEHOUSE_API_KEY is not set. Create an API key in Gatehouse (Account → API keys in the web app menu), then:\n' +
        '  export GATEHOUSE_API_KEY=gate_…',
      EXIT.auth,
      'MISSING_API_KEY',
    );
  }
  if (!isWellFormedApiKey(key)) {
    // Never echo the value: it may be a real secret pasted with a typo.
    throw new CliError(
      'GATEHOUSE_API_KEY is malformed: a Gatehouse key looks like gate_XXXXXXXX_ followed by 38 letters and digits. ' +
        'Check that it was copied whole.',
      EXIT.auth,
      'MALFORMED_API_KEY',
    );
  }
  return key;
}
