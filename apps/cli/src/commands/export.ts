import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeJson } from '../output.js';
import type { CommandContext } from './context.js';

export interface ExportOptions {
  out?: string;
}

/**
 * `me.exportData`: the caller's own data as one JSON document (gatehouse-export/v1). It is a
 * mutation on the server (audited and rate-limited), so it goes out as POST.
 */
export async function exportData({ client, output, json }: CommandContext, options: ExportOptions): Promise<void> {
  const document = await client.me.exportData.mutate();
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (options.out === undefined || options.out === '-') {
    output.out(text);
    return;
  }
  const path = resolve(options.out);
  // Personal data: readable by the owner only.
  await writeFile(path, text, { mode: 0o600 });
  if (json) return writeJson(output, { written: path, format: document.format, bytes: Buffer.byteLength(text) });
  output.out(`Wrote your Gatehouse export (${document.format}) to ${path}\n`);
}
