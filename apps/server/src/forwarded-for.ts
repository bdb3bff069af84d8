/**
 * Who the client is, behind proxies (SPEC §10). `TRUST_PROXY` names the proxies in front of the
 * server, by count or by address, and the client is the first hop from the right that is not one
 * of them: a value the client wrote itself, further left, is never believed.
 */
import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';

/** Off, a number of proxy hops, or the proxies' addresses (IPs or CIDR ranges). */
export type TrustProxy = false | number | string[];

/** The longest textual IP address (an IPv4-mapped IPv6 one); also the width of the ip columns. */
const MAX_ADDRESS_LENGTH = 45;

const HOW_TO_SET =
  'set the number of proxies in front of the server (1 for a single load balancer) or their addresses, comma-separated (e.g. 10.0.0.0/8,127.0.0.1)';

/** A proxy address as TRUST_PROXY may name it: an IP address or a CIDR range. */
function isProxyAddress(entry: string): boolean {
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** TRUST_PROXY's meaning, or an explanation of what to set instead. */
export function parseTrustProxy(value: string | undefined): { trust: TrustProxy } | { problem: string } {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false' || text === '0') return { trust: false };
  if (/^\d+$/.test(text)) return { trust: Number(text) };
  if (text.toLowerCase() === 'true') {
    return { problem: `"true" would believe whatever address a client writes into X-Forwarded-For; ${HOW_TO_SET}` };
  }
  const entries = text.split(',').map((entry) => entry.trim());
  const wrong = entries.filter((entry) => !isProxyAddress(entry));
  if (wrong.length > 0) return { problem: `not a hop count nor IP addresses or CIDR ranges (${wrong.join(', ')}); ${HOW_TO_SET}` };
  return { trust: entries };
}

/** The same, as Fastify's `trustProxy` option takes it. */
export function fastifyTrustProxy(trust: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust !== 'number') return trust;
  // Hop 0 is the connecting peer; the next `trust - 1` hops are the proxies' own entries.
  return (_address, hop) => hop < trust;
}

/**
 * One X-Forwarded-For entry as an address, or null. Ports some proxies append are dropped
 * (`203.0.113.5:4711`, `[2001:db8::1]:443`); anything else that is not an IP address of at most
 * 45 characters (`unknown`, a made-up string) is not an address anyone can be told apart by.
 */
function forwardedAddress(entry: string): string | null {
  let address = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  return isClientAddress(address) ? address : null;
}

export const isClientAddress = (value: string): boolean => value.length <= MAX_ADDRESS_LENGTH && isIP(value) !== 0;

/**
 * Keeps only real addresses in X-Forwarded-For, before anything reads the client address, so
 * `request.ip` is always an IP address (or the connecting peer's): never a 5xx, never a column
 * overflow, never a string the client chose freely as its identity.
 */
export function cleanForwardedFor(app: FastifyInstance): void {
  app.addHook('onRequest', (req, _reply, done) => {
    const header = req.raw.headers['x-forwarded-for'];
    if (header === undefined) return done();
    const addresses = (Array.isArray(header) ? header.join(',') : header)
      .split(',')
      .map(forwardedAddress)
      .filter((address) => address !== null);
    if (addresses.length > 0) req.raw.headers['x-forwarded-for'] = addresses.join(', ');
    else delete req.raw.headers['x-forwarded-for'];
    done();
  });
}
