import type { GatehouseClient } from '../client.js';
import type { Output } from '../output.js';

/** What every command gets: a typed client already holding the key, and where to write. */
export interface CommandContext {
  client: GatehouseClient;
  output: Output;
  /** `--json`: machine-readable output on stdout, nothing else there. */
  json: boolean;
}
