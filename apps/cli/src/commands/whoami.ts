import { writeFields, writeJson } from '../output.js';
import type { CommandContext } from './context.js';

/** Who the API key acts for: `me.get`, the same profile the web app shows. */
export async function whoami({ client, output, json }: CommandContext): Promise<void> {
  const me = await client.me.get.query();
  if (json) return writeJson(output, me);
  writeFields(output, [
    ['Name', me.displayName],
    ['Email', me.email],
    ['Organisation', `${me.org.name} (${me.org.id})`],
    ['Role', me.role],
    ['Via', me.via === 'apiKey' ? 'API key' : 'session'],
    ['Permissions', me.permissions.join(', ') || '(none)'],
  ]);
}
