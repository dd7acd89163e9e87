import type { HostPrompter } from './prompts.js';

/** A login deadline that stops while a person is being asked something. */
export interface LoginTimer {
  /** The same prompter, with the deadline paused for each question and started afresh after the answer. */
  prompter: HostPrompter;
  /** Runs fn with the deadline paused, as while a person answers (waiting for another host's question). */
  paused<R>(fn: () => Promise<R>): Promise<R>;
  stop(): void;
}

/**
 * Starts the deadline for one SSH login. ssh2's own readyTimeout runs through the host-key question and the
 * password and passphrase prompts, so a technician reading a fingerprint to the clinic for 20 s would fail with
 * "timed out"; this one counts only the time the network and the host take.
 */
export function startLoginTimer(prompter: HostPrompter, ms: number, onExpire: () => void): LoginTimer {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const arm = () => {
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(onExpire, ms);
  };
  const paused = async <R>(fn: () => Promise<R>): Promise<R> => {
    clearTimeout(timer);
    try {
      return await fn();
    } finally {
      arm();
    }
  };
  const asking =
    <A extends unknown[], R>(ask: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      paused(() => ask(...args));
  arm();
  return {
    prompter: {
      confirmHostKey: asking((info) => prompter.confirmHostKey(info)),
      passphrase: asking((path) => prompter.passphrase(path)),
      password: asking((about) => prompter.password(about)),
      sudoPassword: asking((about) => prompter.sudoPassword(about)),
    },
    paused,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
