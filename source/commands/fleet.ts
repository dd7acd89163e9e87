import { type Command, Option } from 'commander';
import { ExitCode, UserError } from '../errors.js';
import { checkApiEnvironment } from '../ngrok/api-env.js';
import { noView, runCommand } from './command-run.js';
import { addHelpSections, apiEnvironment } from './help.js';
import { chooseOutputMode } from './output-mode.js';
import { checkStateDir } from './preflight.js';

/** The longest refresh interval: a live view refreshed less than hourly is not live (and timers overflow at ~24 days). */
const maxIntervalSeconds = 3600;

interface FleetFlags {
  once?: boolean;
  json?: boolean;
  format?: 'text' | 'json' | 'prometheus';
  interval: string;
  plain?: boolean;
}

/** `clinic-tui fleet`: live health of every clinic; `--once`/`--json`/`--format prometheus` for scripts. */
export function registerFleet(program: Command): void {
  const command = program
    .command('fleet')
    .description('watch the health of every clinic: agents, endpoints, cloud endpoints, credentials')
    .option('--once', 'print the table once as plain text and exit (the default without a terminal)')
    .option('--json', 'print the fleet once as JSON and exit (same as --format json)')
    .option(
      '--plain',
      'on a terminal: print the table after each refresh, no full-screen UI (also TERM=dumb)',
    )
    .addOption(
      new Option('--format <format>', 'print the fleet once in this format and exit').choices([
        'text',
        'json',
        'prometheus',
      ]),
    )
    .addOption(
      new Option(
        '--interval <seconds>',
        'shortest time between refreshes; large fleets refresh slower',
      ).default('10', '10'),
    );
  addHelpSections(command, {
    notes: ['The fleet uses at most half of the 120 API requests per minute ngrok allows an account.'],
    examples: [
      ['clinic-tui fleet', 'the live table: Enter for detail, / to filter, R to rotate, ? for keys'],
      ['clinic-tui fleet --once', 'the table once, as plain text'],
      ['clinic-tui fleet --format prometheus > /var/lib/node_exporter/clinics.prom'],
    ],
    environment: apiEnvironment,
    exitCodes: [
      [0, 'every clinic healthy (--once, --json, --format)'],
      [1, 'the ngrok API failed'],
      [2, 'bad input or no API key'],
      [3, 'some clinic is not healthy (--once, --json, --format)'],
    ],
  }).action(async (flags: FleetFlags, self: Command) => {
    const seconds = Number(flags.interval);
    if (!/^\d+(\.\d+)?$/.test(flags.interval) || seconds < 1 || seconds > maxIntervalSeconds) {
      throw new UserError(
        `--interval must be a number of seconds from 1 to ${maxIntervalSeconds}, got "${flags.interval}".`,
      );
    }
    if (flags.json && flags.format && flags.format !== 'json') {
      throw new UserError(`--json and --format ${flags.format} ask for two formats; give one of them.`);
    }
    const format = flags.format ?? (flags.json ? 'json' : flags.once ? 'text' : undefined);
    if (format && self.getOptionValueSource('interval') === 'cli') {
      throw new UserError(
        "--interval sets the live view's refresh; with --once, --json or --format the fleet is printed once.",
        'Leave out --interval, or run `clinic-tui fleet` in a terminal for the live view.',
      );
    }
    checkApiEnvironment();
    const mode = chooseOutputMode({ plain: flags.plain });
    const live = !format && mode.kind === 'ink';
    // The modules load while the state directory is checked; the live screen's (Ink, React, yoga) load too, in
    // the same breath instead of after the rest, as the first frame waits for them.
    const modules = Promise.all([
      import('./fleet-run.js'),
      live ? import('../ui/fleet/show-fleet.js') : undefined,
    ]);
    modules.catch(() => undefined);
    await checkStateDir();
    const [{ fleetClientFromEnv, runFleetOnce, watchFleet, watchFleetPlain }] = await modules;
    const poller = { minIntervalMs: seconds * 1000 };
    process.exitCode = await runCommand(
      {
        api: (signal, onRateLimitWait) => fleetClientFromEnv(process.env, { signal, onRateLimitWait }),
        open: noView,
      },
      async (run) => {
        if (format || mode.kind === 'lines' || mode.kind === 'json') {
          return { exitCode: await runFleetOnce(format ?? 'text', run.api, process.stdout), succeeded: true };
        }
        if (mode.kind === 'plain') {
          const until = new Promise<void>((resolve) => run.signal.addEventListener('abort', () => resolve()));
          await watchFleetPlain({ ...run.api, poller, until });
        } else {
          // `R` hands the terminal to the rotation screen for the selected clinic; the fleet view comes back after.
          const onRotate = async (clinicId: string) =>
            (await import('./rotate-run.js')).rotateFromFleet(clinicId);
          await watchFleet({ ...run.api, poller, onRotate });
        }
        return { exitCode: ExitCode.ok, succeeded: true };
      },
    );
  });
}
