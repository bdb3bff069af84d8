import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { createGatehouseClient } from './client.js';
import type { CommandContext } from './commands/context.js';
import { exportData, type ExportOptions } from './commands/export.js';
import { listMembers, ROLES, type MembersListOptions } from './commands/members.js';
import { migrate } from './commands/migrate.js';
import { whoami } from './commands/whoami.js';
import { DEFAULT_TIMEOUT_SECONDS, DEFAULT_URL, readConfig, type CliEnv } from './env.js';
import { CliError, EXIT, explainError, type CallContext } from './errors.js';
import type { Output } from './output.js';
import { VERSION } from './version.js';

export interface CliIo extends Output {
  env: CliEnv;
  /** Replaced in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

const HELP_FOOTER = `
Environment:
  GATEHOUSE_API_KEY          the key to act with (required): gate_…
  GATEHOUSE_URL              the server (default ${DEFAULT_URL})
  GATEHOUSE_TIMEOUT_SECONDS  how long a call may take (default ${DEFAULT_TIMEOUT_SECONDS})
  DATABASE_URL               gatehouse migrate only: the server's database (default sqlite:./data/gatehouse.db)

Exit codes:
  0 ok · 1 other error · 2 usage · 3 missing, malformed, invalid, expired or revoked key
  4 missing scope or role · 5 rate limited · 6 server unreachable or too slow`;

type Requirement = Omit<CallContext, 'url'>;

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1');
  return n;
}

function buildProgram(io: CliIo, state: { json: boolean }): Command {
  /**
   * Reads the environment (no request is made with a missing or malformed key), builds the
   * client, and turns any failure into a CliError that names what the command needed.
   */
  const action =
    <Options>(requirement: Requirement, run: (ctx: CommandContext, options: Options) => Promise<void>) =>
    async (options: Options, command: Command): Promise<void> => {
      state.json = Boolean(command.optsWithGlobals<{ json?: boolean }>().json);
      const config = readConfig(io.env);
      const client = createGatehouseClient(config, io.fetch);
      try {
        await run({ client, output: io, json: state.json }, options);
      } catch (error) {
        throw explainError(error, { url: config.url, ...requirement });
      }
    };

  const program = new Command('gatehouse')
    .description('Gatehouse from the command line, authenticated with an API key.')
    .addHelpText('after', HELP_FOOTER)
    .version(VERSION)
    .option('--json', 'machine-readable JSON output')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showHelpAfterError('(run gatehouse --help for usage)')
    .exitOverride();

  program
    .command('whoami')
    .description("show the key's user: name, email, organisation, role and permissions")
    .action(action({ scope: 'profile:read' }, whoami));

  program
    .command('export')
    .description('download your own data as one JSON document (gatehouse-export/v1)')
    .option('-o, --out <file>', 'write to this file (mode 600) instead of stdout')
    .action(action<ExportOptions>({ scope: 'profile:read' }, exportData));

  const members = program.command('members').description("your organisation's members (admins and owners)");
  members
    .command('list')
    .description('list members, optionally filtered')
    .option('-q, --query <text>', 'match name or email')
    .addOption(new Option('--role <role>', 'only members with this role').choices(ROLES))
    .option('--team <teamId>', 'only members of this team')
    .option('--limit <n>', 'members per page', positiveInteger)
    .option('--cursor <cursor>', 'start at this page (from a previous listing)')
    .option('--all', 'follow every page')
    .action(action<MembersListOptions>({ scope: 'org:read', roles: 'the admin or owner role' }, listMembers));

  program
    .command('migrate')
    .description("apply the database's pending migrations and exit (operators; reads DATABASE_URL, needs no key)")
    .action(async (_options: unknown, command: Command) => {
      state.json = Boolean(command.optsWithGlobals<{ json?: boolean }>().json);
      await migrate(io.env, io, state.json);
    });

  return program;
}

/** Runs one invocation and returns its exit code; never calls process.exit (tests run it in-process). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const state = { json: argv.includes('--json') };
  const program = buildProgram(io, state);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed help, the version, or what was wrong with the arguments.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const failure = error instanceof CliError ? error : explainError(error, { url: '', scope: '' });
    if (state.json) {
      io.err(`${JSON.stringify({ error: { message: failure.message, reason: failure.reason, exitCode: failure.exitCode } })}\n`);
    } else {
      io.err(`gatehouse: ${failure.message}\n`);
    }
    return failure.exitCode;
  }
}
