import { execFileSync } from 'node:child_process';

/**
 * Drives a real terminal: a detached tmux session of a fixed size running one command. Keys go in with send-keys
 * (named keys such as Enter, Escape, Down, C-u, or literal text), the screen comes back with capture-pane.
 * If tmux is missing this throws: an end-to-end test must fail, never skip.
 */
export interface TmuxSession {
  /** The visible screen, as text. */
  screen(): string;
  /** Sends named keys (Enter, Escape, Down, C-u, …). */
  keys(...names: string[]): void;
  /** Types text literally, as a person would. */
  type(text: string): void;
  /** Waits until the screen contains the text (or matches); throws with the screen on timeout. */
  waitFor(expected: string | RegExp, timeoutMs?: number): Promise<string>;
  kill(): void;
}

function tmux(args: string[]): string {
  return execFileSync('tmux', args, { encoding: 'utf8' });
}

/** Starts `command` (a shell command line) in a new tmux session of columns×rows (default 80×24). */
export function startTmux(name: string, command: string, size = { columns: 80, rows: 24 }): TmuxSession {
  try {
    tmux(['-V']);
  } catch (error) {
    throw new Error(`tmux is required for the end-to-end tests and was not found: ${String(error)}`);
  }
  try {
    tmux(['kill-session', '-t', name]);
  } catch {
    // No leftover session from an earlier run: the usual case.
  }
  tmux(['new-session', '-d', '-s', name, '-x', String(size.columns), '-y', String(size.rows), command]);
  const screen = () => tmux(['capture-pane', '-p', '-t', name]);
  return {
    screen,
    keys: (...names) => void tmux(['send-keys', '-t', name, ...names]),
    type: (text) => void tmux(['send-keys', '-t', name, '-l', text]),
    async waitFor(expected, timeoutMs = 30_000) {
      const matches = (text: string) =>
        typeof expected === 'string' ? text.includes(expected) : expected.test(text);
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const text = screen();
        if (matches(text)) return text;
        if (Date.now() > deadline)
          throw new Error(`Timed out waiting for ${String(expected)}; the screen shows:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    kill() {
      try {
        tmux(['kill-session', '-t', name]);
      } catch {
        // Already gone (the command ended and the session closed).
      }
    },
  };
}
