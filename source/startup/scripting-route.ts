/**
 * Which runs are a script's: they draw no terminal UI and are built, each command on its own, into a CommonJS
 * bundle that loads through V8's code cache (see code-cache.ts and scripts/build.mjs). Every other run loads the
 * full program.
 */

/** The commands a scripting run names; scripts/build.mjs builds one bundle for each. */
type ScriptingCommand = 'lint' | 'render' | 'schema' | 'fleet';

/** fleet's options that take a value, which the next argument belongs to (`--interval --once` sets an interval). */
export const fleetValueOptions = ['--interval', '--format'];

/** The command of a run that draws no terminal UI, or undefined for a run the full program serves. */
export function scriptingCommandOf(args: readonly string[]): ScriptingCommand | undefined {
  const [name, ...rest] = args;
  if (name === 'lint' || name === 'render' || name === 'schema') return name;
  if (name !== 'fleet') return undefined;
  // `fleet` prints once (never drawing the live view) with --once, --json or --format.
  for (let index = 0; index < rest.length; index++) {
    const arg = rest[index] ?? '';
    if (arg === '--') return undefined;
    if (['--once', '--json', '--format'].includes(arg) || arg.startsWith('--format=')) return 'fleet';
    if (fleetValueOptions.includes(arg)) index++;
  }
  return undefined;
}
