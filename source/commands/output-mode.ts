import { isatty } from 'node:tty';

/**
 * How a command talks to the person running it, decided once, before any UI module loads (this module imports only
 * node:tty, so asking never pulls React or @inquirer into a scripted run). Every command maps the same flags and
 * terminal facts to the same kind, so `--plain`, `--json`, `TERM=dumb` and CI mean one thing everywhere.
 */
export type OutputKind =
  /** `--json`: one JSON object per line on stdout; nobody to ask. */
  | 'json'
  /** No terminal, CI, or `--yes` (nobody reviewing): plain progress lines on stderr, results on stdout. */
  | 'lines'
  /** A terminal with `--plain` or `TERM=dumb`: plain lines, questions as plain prompts. */
  | 'plain'
  /** A terminal: the full-screen Ink UI. */
  | 'ink';

export interface OutputMode {
  kind: OutputKind;
  /** A person can answer questions (a terminal on both stdin and stdout, not CI). */
  interactive: boolean;
  /** Colour is allowed (NO_COLOR unset and the terminal not dumb). */
  color: boolean;
}

export interface OutputFlags {
  json?: boolean;
  plain?: boolean;
  /** `--yes`: go ahead without asking; a run nobody reviews prints lines. */
  yes?: boolean;
}

interface Terminal {
  stdin: { isTTY?: boolean };
  stdout: { isTTY?: boolean };
}

/**
 * Whether stdin and stdout are terminals, asked of the file descriptors: reading process.stdin.isTTY would build
 * the stdin stream (some 5 ms) in runs that never read it, such as `fleet --once`.
 */
const thisProcess: Terminal = { stdin: { isTTY: isatty(0) }, stdout: { isTTY: isatty(1) } };

/** The one choice of output for a command run. */
export function chooseOutputMode(
  flags: OutputFlags,
  env: NodeJS.ProcessEnv = process.env,
  terminal: Terminal = thisProcess,
): OutputMode {
  const interactive = Boolean(terminal.stdin.isTTY && terminal.stdout.isTTY) && !inCi(env);
  const color = !env.NO_COLOR && env.TERM !== 'dumb';
  if (flags.json) return { kind: 'json', interactive, color: false };
  if (!interactive || flags.yes) return { kind: 'lines', interactive, color: false };
  if (flags.plain || env.TERM === 'dumb') return { kind: 'plain', interactive, color };
  return { kind: 'ink', interactive, color };
}

/** CI as Ink itself detects it (is-in-ci): a CI variable that is not "0" or "false". */
function inCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI ?? env.CONTINUOUS_INTEGRATION;
  return ci !== undefined && ci !== '0' && ci !== 'false';
}

/** True when the mode has a person to answer questions and confirm (the Ink UI or plain prompts). */
export function canAsk(mode: OutputMode): boolean {
  return mode.kind === 'ink' || mode.kind === 'plain';
}
