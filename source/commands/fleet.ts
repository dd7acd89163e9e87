import { type Command, Option } from 'commander';
import { UserError } from '../errors.js';

interface FleetFlags {
  once?: boolean;
  json?: boolean;
  format?: 'text' | 'json' | 'prometheus';
  interval: string;
}

/** `clinic-tui fleet`: live health of every clinic; `--once`/`--json`/`--format prometheus` for scripts. */
export function registerFleet(program: Command): void {
  program
    .command('fleet')
    .description('watch the health of every clinic: agents, endpoints, cloud endpoints, credentials')
    .option('--once', 'print the table once as plain text and exit (the default without a terminal)')
    .option('--json', 'print the fleet once as JSON and exit (same as --format json)')
    .addOption(
      new Option('--format <format>', 'print the fleet once in this format and exit').choices([
        'text',
        'json',
        'prometheus',
      ]),
    )
    .option('--interval <seconds>', 'shortest time between refreshes; large fleets refresh slower', '10')
    .addHelpText(
      'after',
      '\nEnvironment: NGROK_API_KEY (required), NGROK_API_URL (default https://api.ngrok.com).' +
        '\nThe fleet uses at most half of the 120 API requests per minute ngrok allows an account.' +
        '\nExit codes (--once, --json, --format): 0 every clinic healthy, 3 any clinic not healthy,' +
        '\n1 ngrok API failure, 2 bad input or missing API key.',
    )
    .action(async (flags: FleetFlags) => {
      const seconds = Number(flags.interval);
      if (!Number.isFinite(seconds) || seconds < 1) {
        throw new UserError(`--interval must be a number of seconds (1 or more), got "${flags.interval}".`);
      }
      const format = flags.format ?? (flags.json ? 'json' : flags.once ? 'text' : undefined);
      const { runFleetOnce, watchFleet } = await import('../fleet/run.js');
      if (format || !(process.stdin.isTTY && process.stdout.isTTY)) {
        process.exitCode = await runFleetOnce(format ?? 'text', process.env, process.stdout);
      } else {
        await watchFleet(process.env, seconds * 1000);
      }
    });
}
