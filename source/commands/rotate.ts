import { type Command, Option } from 'commander';
import { UserError } from '../errors.js';
import { checkApiEnvironment } from '../ngrok/api-env.js';
import type { ClinicSpec } from '../spec/schema.js';
import { addHelpSections, apiEnvironment } from './help.js';
import { addHostOptions, checkHostFlags, checkSpecKeyFiles } from './host-options.js';
import { rotationFailure, withJsonFailure } from './json-failure.js';
import { checkClinicIdArg, checkStateDir } from './preflight.js';
import type { RotateFlags } from './rotate-run.js';

/** `clinic-tui rotate`: replace a clinic's authtoken (or the fleet's) make-before-break, and prove the old one dead. */
export function registerRotate(program: Command): void {
  const command = program
    .command('rotate')
    .description("replace a clinic's authtoken without cutting it off, then delete the old one")
    .argument('[clinic]', 'the clinic id (omit with --all)')
    .option('--all', 'rotate every clinic in the account')
    .option(
      '--older-than <age>',
      'with --all: only clinics whose authtoken is older than this (90d, 12h, 2w)',
    )
    // The value stays text (checked with the others in rotate-run.ts); the help shows the default as a number.
    .addOption(
      new Option(
        '--concurrency <n>',
        'with --all: clinics rotated at the same time after the canary',
      ).default('4', '4'),
    )
    .addOption(
      new Option('--canary <n>', 'with --all: clinics rotated first, one by one; stop if one fails').default(
        '1',
        '1',
      ),
    )
    .option(
      '--answers <file>',
      'an answers file whose host section overrides the host recorded in the account',
    )
    .option('-y, --yes', 'do not ask for the clinic id to confirm (required without a terminal)')
    .addOption(
      new Option(
        '--json',
        'print one JSON object per clinic: clinic, result, old/new credential, gap_ms',
      ).conflicts('plain'),
    )
    .option('--plain', 'plain lines instead of the full-screen UI');
  addHelpSections(addHostOptions(command), {
    examples: [
      ['clinic-tui rotate clinic1', 'asks you to type the clinic id, then rotates make-before-break'],
      [
        'clinic-tui rotate --all --older-than 90d --yes',
        'every clinic whose authtoken is older than 90 days',
      ],
      ['clinic-tui rotate clinic1 --answers clinic1.yml', 'reach the host the answers file names'],
    ],
    environment: apiEnvironment,
    exitCodes: [
      [0, 'rotated (or nothing due)'],
      [1, 'rolled back or failed; the clinic keeps a working authtoken'],
      [2, 'bad input; nothing was changed'],
      [130, 'cancelled or interrupted'],
    ],
  }).action(
    withJsonFailure(
      rotationFailure,
      async (report, clinic: string | undefined, flags: RotateFlags, self: Command) => {
        if (flags.all && clinic) throw new UserError('Give a clinic id or --all, not both.');
        if (!flags.all && !clinic) {
          throw new UserError(
            'Which clinic? Give its id, or --all.',
            'See `clinic-tui fleet --once` for the ids.',
          );
        }
        if (clinic) {
          checkClinicIdArg(clinic);
          report.clinic(clinic);
        }
        const given = (name: string) => self.getOptionValueSource(name) === 'cli';
        if (!flags.all && (given('olderThan') || given('canary') || given('concurrency'))) {
          throw new UserError('--older-than, --concurrency and --canary go with --all.');
        }
        if (flags.all && flags.answers)
          throw new UserError('--answers describes one clinic; it cannot go with --all.');
        checkApiEnvironment();
        await checkHostFlags(flags);
        const spec = flags.answers && clinic ? await checkAnswersFor(clinic, flags.answers) : undefined;
        await checkStateDir();
        const { runRotateCommand } = await import('./rotate-run.js');
        process.exitCode = await runRotateCommand(clinic, flags, spec, undefined, report.printed);
      },
    ),
  );
}

/** The --answers file must be valid, describe this clinic and name readable keys, before anything is remembered. */
async function checkAnswersFor(clinic: string, path: string): Promise<ClinicSpec> {
  const { loadAnswersFile } = await import('../spec/load.js');
  const spec = await loadAnswersFile(path);
  if (spec.clinic.id !== clinic) {
    throw new UserError(
      `${path} describes clinic ${spec.clinic.id}, not ${clinic}.`,
      'Pass the answers file of this clinic.',
    );
  }
  await checkSpecKeyFiles(spec);
  return spec;
}
