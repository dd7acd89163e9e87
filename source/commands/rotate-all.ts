import { rotateAll } from '../../flows/rotate/fleet.js';
import type { RotateDeps, RotationOutcome } from '../../flows/rotate/types.js';
import { AbortedError } from '../errors.js';
import { lockClinic } from '../store/clinic-lock.js';
import { loadHostExtras } from '../store/host-extras.js';

export interface FleetRotationOptions {
  json: boolean;
  /** Ask to type "all" first (a terminal without --yes). */
  confirm: boolean;
  olderThanMs?: number;
  concurrency: number;
  canary: number;
  signal: AbortSignal;
  /** --identity: used for every clinic that has none remembered on this laptop. */
  identity: string | undefined;
  /** The state directory (remembered keys, locks); undefined: CLINIC_TUI_HOME's. */
  stateDir?: string;
  /** Told once a clinic's --json object is on stdout (a failure after it then prints no object of its own). */
  onPrinted?: () => void;
}

/** The run as a lock names it to whoever is refused: the command line, as `rotate <id>` names itself. */
function runName(): string {
  return ['clinic-tui', ...process.argv.slice(2)].join(' ');
}

/**
 * `rotate --all`: progress lines on stderr prefixed with the clinic (several run at once), then the summary table
 * on stdout, or one JSON object per clinic with --json as each finishes.
 */
export async function rotateFleet(
  deps: RotateDeps,
  options: FleetRotationOptions,
): Promise<RotationOutcome[]> {
  const [{ plainAsker }, { plainProgress }, { formatSummaryTable }] = await Promise.all([
    import('../ui/plain/asker.js'),
    import('../ui/rotate/plain-output.js'),
    import('../ui/rotate/summary-table.js'),
  ]);
  if (options.confirm) {
    const scope = options.olderThanMs === undefined ? 'every clinic' : 'every clinic older than --older-than';
    const answer = await plainAsker(options.signal).ask({
      kind: 'text',
      id: 'confirm-all',
      message: `Type "all" to rotate the authtoken of ${scope}`,
    });
    if (String(answer).trim() !== 'all') throw new AbortedError('Cancelled; nothing changed.');
  }
  const outcomes = await rotateAll(deps, {
    concurrency: options.concurrency,
    canary: options.canary,
    signal: options.signal,
    ...(options.olderThanMs !== undefined ? { olderThanMs: options.olderThanMs } : {}),
    identityFileFor: async (clinic) =>
      (await loadHostExtras(clinic, options.stateDir))?.identityFile ?? options.identity,
    // Each clinic is locked only while it rotates, as `rotate <id>` locks it, so an onboarding or another
    // rotation of that clinic is never raced; the run that holds it is named in that clinic's skip.
    lock: (clinic) => lockClinic(clinic, runName(), options.stateDir),
    listenerFor: (clinic) => plainProgress((line) => process.stderr.write(`${line}\n`), `[${clinic}] `),
    onOutcome: (outcome) => {
      if (!options.json) return;
      process.stdout.write(`${JSON.stringify(outcome)}\n`);
      options.onPrinted?.();
    },
  });
  if (!options.json) process.stdout.write(`${formatSummaryTable(outcomes).join('\n')}\n`);
  return outcomes;
}
