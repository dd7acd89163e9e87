import { type Key, useInput } from 'ink';
import { createContext, useContext, useEffect, useRef } from 'react';

type Handler = (input: string, key: Key) => void;

/**
 * Routes keys from the one always-mounted input listener to the prompt on screen. Keys that arrive between two
 * questions (after one answer, before the next form mounts) are kept for the next question instead of lost, so a
 * quick typist or a pasted answer loses nothing. Screens that must not act on keys typed earlier (the review)
 * drop them.
 */
export class KeyRouter {
  private handler: Handler | undefined;
  private pending: [string, Key][] = [];

  dispatch(input: string, key: Key): void {
    if (this.handler) this.handler(input, key);
    else if (this.pending.length < 256) this.pending.push([input, key]);
  }

  attach(handler: Handler, typeahead: boolean): () => void {
    this.handler = handler;
    const queued = this.pending;
    this.pending = [];
    if (typeahead) for (const [input, key] of queued) handler(input, key);
    return () => {
      if (this.handler === handler) this.handler = undefined;
    };
  }
}

export const KeyRouterContext = createContext<KeyRouter | undefined>(undefined);

/**
 * Receives keys while mounted; `typeahead` also replays keys typed before the component appeared. Outside a
 * KeyRouterContext (a screen without a router, such as the rotation prompt) it listens to Ink directly.
 */
export function useKeys(handler: Handler, options: { typeahead: boolean }): void {
  const router = useContext(KeyRouterContext);
  const latest = useRef(handler);
  latest.current = handler;
  useInput((input, key) => latest.current(input, key), { isActive: router === undefined });
  useEffect(() => {
    if (!router) return undefined;
    return router.attach((input, key) => latest.current(input, key), options.typeahead);
  }, [router, options.typeahead]);
}
