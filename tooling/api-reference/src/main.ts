import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateReference } from './generate.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
for (const [path, content] of Object.entries(generateReference(repoRoot))) {
  const target = join(repoRoot, path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, content);
  console.warn(`wrote ${path}`);
}
