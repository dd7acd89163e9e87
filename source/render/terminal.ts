/**
 * What the terminal allows, decided before any UI module loads: these checks sit in their own tiny module so
 * that asking them never pulls React or @inquirer into the process.
 */

/** True when a person can answer questions: both stdin and stdout are terminals. */
export function isInteractive(): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

/** True when the terminal cannot draw the full-screen UI (TERM=dumb), so plain prompts are used instead. */
export function wantsPlain(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.TERM === 'dumb';
}
