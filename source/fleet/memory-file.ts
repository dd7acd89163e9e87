import { join } from 'node:path';
import { checkedContent, openStore } from '../store/conf-store.js';
import { stateDir } from '../store/paths.js';
import * as z from '../zod.js';
import { emptyMemory } from './health.js';
import type { FleetMemory } from './types.js';

/**
 * The fleet's small memory file (`fleet-memory.json` in the state directory): last seen and down since per
 * clinic, the endpoints it served and its credential ids. ngrok lists only what is online, so without this an
 * offline clinic would vanish. It is a cache: a missing, corrupt or unreadable file starts empty, never fails the
 * command.
 */

const memorySchema = z.object({
  version: z.literal(1),
  clinics: z.record(
    z.string(),
    z.object({
      name: z.optional(z.string()),
      credentialIds: z._default(z.array(z.string()), []),
      lastSeen: z.optional(z.string()),
      downSince: z.optional(z.string()),
      endpoints: z._default(
        z.array(z.object({ name: z.string(), internalUrl: z.string(), publicUrl: z.optional(z.string()) })),
        [],
      ),
    }),
  ),
});

const openMemory = (path: string) => openStore(path, memorySchema, { version: 1, clinics: {} });

/** The memory file's path. */
export function fleetMemoryPath(dir: string = stateDir()): string {
  return join(dir, 'fleet-memory.json');
}

/** Loads the memory; empty when the file is missing or unreadable as memory. */
export async function loadFleetMemory(path: string = fleetMemoryPath()): Promise<FleetMemory> {
  try {
    const { version, clinics } = checkedContent(await openMemory(path), memorySchema, { ...emptyMemory() });
    return { version, clinics };
  } catch {
    // Even a file or directory this user cannot read is only a lost cache; saving will say what is wrong.
    return emptyMemory();
  }
}

/** Saves the memory: one atomic write of the whole file (mode 0600) per call. */
export async function saveFleetMemory(memory: FleetMemory, path: string = fleetMemoryPath()): Promise<void> {
  (await openMemory(path)).store = { version: memory.version, clinics: memory.clinics };
}
