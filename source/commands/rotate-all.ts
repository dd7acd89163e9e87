import { rotateAll } from '../../flows/rotate/fleet.js';
import type { RotateDeps, RotationOutcome } from '../../flows/rotate/types.js';
import { AbortedError } from '../errors.js';
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
    identityFileFor: async (clinic) => (await loadHostExtras(clinic))?.identityFile ?? options.identity,
    listenerFor: (clinic) => plainProgress((line) => process.stderr.write(`${line}\n`), `[${clinic}] `),
    onOutcome: (outcome) => {
      if (options.json) process.stdout.write(`${JSON.stringify(outcome)}\n`);
    },
  });
  if (!options.json) process.stdout.write(`${formatSummaryTable(outcomes).join('\n')}\n`);
  return outcomes;
}
