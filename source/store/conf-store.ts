import { mkdirSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import type { default as Conf, Options } from 'conf';
import * as z from 'zod';

/**
 * One JSON state file as a conf store: conf reads it, checks it against a JSON Schema, and writes it atomically
 * with mode 0600. The schema is made from the zod schema the rest of the code types against, so there is one
 * definition of each file's shape. A file that is not JSON or not of that shape reads as empty (`clearInvalidConfig`):
 * local state is a cache, and a corrupt or hand-edited file must never stop a command.
 */

/** A zod object or record: a state file is always a JSON object. */
type ObjectSchema = z.ZodObject | z.ZodRecord;

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
    clearInvalidConfig: true,
    // Keys are clinic ids and field names, never paths into the object.
    accessPropertiesByDotNotation: false,
    ...jsonSchemaOptions(schema),
    // zod wrote the schema, so checking it against the JSON Schema meta-schema finds nothing and costs ~45 ms
    // (compiling the meta-schema) in every command that opens a store.
    ajvOptions: { validateSchema: false },
    ...(defaults ? { defaults } : {}),
  });
  stores.set(path, store as unknown as Conf<Record<string, unknown>>);
  return store;
}

/**
 * conf takes the top-level properties (`schema`) apart from the rest of the root schema (`rootSchema`); a record
 * has no top-level properties, only `additionalProperties`.
 */
function jsonSchemaOptions<S extends ObjectSchema>(
  schema: S,
): Pick<Options<Stored<S>>, 'schema' | 'rootSchema'> {
  // `input`: a field with a zod default may be missing from the file; ajv fills the default in, as zod would.
  const { $schema: _dialect, properties, ...rootSchema } = z.toJSONSchema(schema, { io: 'input' });
  return {
    rootSchema: rootSchema as Options<Stored<S>>['rootSchema'],
    ...(properties ? { schema: properties as Options<Stored<S>>['schema'] } : {}),
  };
}
