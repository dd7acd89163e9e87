import type { HostPrompter } from './prompts.js';

/** Runs fn once every turn taken before it has ended: one question on the screen at a time. */
export type TakeTurn = <T>(fn: () => Promise<T>) => Promise<T>;

/**
 * A queue of turns. A clinic's primary and standby hosts are opened at once; without turns both would ask at the
 * same moment, and one terminal can hold only one question (in Ink the second replaces the first, whose answer
 * never comes; plain prompts both read the same stdin).
 */
export function promptTurns(): TakeTurn {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>) => {
    const mine = last.then(fn, fn);
    last = mine.catch(() => undefined);
    return mine;
  };
}

/** The same prompter, each question waiting for its turn. */
export function promptingInTurn(prompter: HostPrompter, turn: TakeTurn): HostPrompter {
  return {
    confirmHostKey: (info) => turn(() => prompter.confirmHostKey(info)),
    passphrase: (path) => turn(() => prompter.passphrase(path)),
    password: (about) => turn(() => prompter.password(about)),
    sudoPassword: (about) => turn(() => prompter.sudoPassword(about)),
  };
}
