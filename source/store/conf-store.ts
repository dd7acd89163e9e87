import { mkdirSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { default as Conf } from 'conf';
import type * as z from '../zod.js';

/**
 * One JSON state file as a conf store: conf reads it and writes it atomically with mode 0600; the zod schema the
 * rest of the code types against checks what it holds when the store opens. A file that is not JSON or not of that
 * shape reads as empty (the defaults): local state is a cache, and a corrupt or hand-edited file must never stop a
 * command. conf is given no JSON Schema: it would compile one with ajv for every store a command opens (15–50 ms
 * each), to check what zod checks already.
 */

/** A zod object or record: a state file is always a JSON object. */
type ObjectSchema = z.ZodMiniObject | z.ZodMiniRecord;

/** What a state file holds once read: the zod schema's output, as conf's type wants it. */
export type Stored<S extends ObjectSchema> = z.output<S> & Record<string, unknown>;

const stores = new Map<string, Conf<Record<string, unknown>>>();

/**
 * The conf store for the JSON file at `path` (e.g. `<stateDir>/hosts.json`), one per path per process.
 * `defaults` are written when the file is missing or not of the schema's shape; give them when `{}` does not fit the
 * schema. conf is loaded on first use, so commands that never touch local state do not pay for it at startup.
 */
export async function openStore<S extends ObjectSchema>(
  path: string,
  schema: S,
  defaults?: Stored<S>,
): Promise<Conf<Stored<S>>> {
  const cached = stores.get(path);
  if (cached) return cached as unknown as Conf<Stored<S>>;
  const { default: ConfStore } = await import('conf');
  // conf would create a missing directory with the default mode; the state directory is the user's alone.
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const extension = extname(path);
  const store = new ConfStore<Stored<S>>({
    cwd: dirname(path),
    configName: basename(path, extension),
    fileExtension: extension.replace(/^\./, ''),
    configFileMode: 0o600,
    // A file that is not JSON is replaced by the defaults; one of the wrong shape is, below.
    clearInvalidConfig: true,
    // Keys are clinic ids and field names, never paths into the object.
    accessPropertiesByDotNotation: false,
    ...(defaults ? { defaults } : {}),
  });
  // As JSON has it: conf gives a missing file's empty object no prototype, which would never equal zod's output.
  const held: unknown = JSON.parse(JSON.stringify(store.store));
  const checked = schema.safeParse(held);
  const wanted = checked.success ? (checked.data as Stored<S>) : (defaults ?? ({} as Stored<S>));
  // Written back only when it differs: a wrong shape cleared, or fields with a zod default filled in.
  if (!isDeepStrictEqual(wanted, held)) store.store = wanted;
  stores.set(path, store as unknown as Conf<Record<string, unknown>>);
  return store;
}

/**
 * The file's content now, checked against its schema: conf reads the file again at every access, and another run
 * (or a hand edit) may have changed it since the store opened; content that no longer fits reads as `fallback`.
 */
export function checkedContent<S extends ObjectSchema>(
  store: Conf<Stored<S>>,
  schema: S,
  fallback: Stored<S>,
): Stored<S> {
  const checked = schema.safeParse(store.store);
  return checked.success ? (checked.data as Stored<S>) : fallback;
}
