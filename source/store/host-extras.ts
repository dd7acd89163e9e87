import { join, resolve } from 'node:path';
import * as z from '../zod.js';
import { checkedContent, openStore } from './conf-store.js';
import { stateDir } from './paths.js';

/**
 * Per-clinic host details that only make sense on this laptop (an identity-file path), kept out of the ngrok
 * account's clinic record: `hosts.json` in the state directory, one key per clinic id. Never a secret: a path,
 * not a key.
 */
const extrasSchema = z.record(z.string(), z.object({ identityFile: z.optional(z.string()) }));
export type HostExtras = z.infer<typeof extrasSchema>[string];

const openExtras = (dir: string) => openStore(join(dir, 'hosts.json'), extrasSchema);

/** The local extras for a clinic's host, if any. */
export async function loadHostExtras(
  clinicId: string,
  dir: string = stateDir(),
): Promise<HostExtras | undefined> {
  return checkedContent(await openExtras(dir), extrasSchema, {})[clinicId];
}

/** Records (or, with undefined, forgets) a clinic's local host extras. */
export async function saveHostExtras(
  clinicId: string,
  extras: HostExtras | undefined,
  dir: string = stateDir(),
): Promise<void> {
  const store = await openExtras(dir);
  if (extras === undefined) store.delete(clinicId);
  else store.set(clinicId, extras);
}

/**
 * The identity file to use for a clinic: the one passed now (remembered for next time), else the remembered one.
 */
export async function rememberIdentity(
  clinicId: string,
  passed: string | undefined,
  dir: string = stateDir(),
): Promise<string | undefined> {
  if (passed) {
    // A relative path is kept absolute: the next command may run from another directory. `~/…` stays as written.
    const identityFile = passed.startsWith('~') ? passed : resolve(passed);
    await saveHostExtras(clinicId, { ...(await loadHostExtras(clinicId, dir)), identityFile }, dir);
    return passed;
  }
  return (await loadHostExtras(clinicId, dir))?.identityFile;
}
