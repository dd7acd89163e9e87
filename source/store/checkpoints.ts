import { join } from 'node:path';
import * as z from '../zod.js';
import { readJsonFile, removeFile, writeJsonFileAtomic } from './json-file.js';
import { stateDir } from './paths.js';

/**
 * Flow checkpoints: which steps of a flow finished, per clinic. They are a hint for resuming ("3 of 9 steps
 * done"), never the source of truth: plans always re-read live state. No secret is ever stored here.
 */
const checkpointSchema = z.object({
  flow: z.string(),
  /** A hash of the spec the run was made for; a changed spec means a fresh start. */
  fingerprint: z.string(),
  done: z.array(z.string()),
  updatedAt: z.string(),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;

export interface CheckpointStore {
  load(key: string): Promise<Checkpoint | undefined>;
  save(key: string, checkpoint: Checkpoint): Promise<void>;
  clear(key: string): Promise<void>;
}

/** The checkpoint key for one clinic and one flow, e.g. `clinic1.onboard`. */
export function checkpointKey(clinicId: string, flowId: string): string {
  return `${clinicId}.${flowId}`;
}

/** Checkpoints as JSON files (mode 0600) under `<stateDir>/checkpoints/`. */
export function fileCheckpointStore(dir: string = join(stateDir(), 'checkpoints')): CheckpointStore {
  const pathFor = (key: string) => {
    if (!/^[a-z0-9][a-z0-9.-]*$/.test(key)) throw new Error(`bad checkpoint key ${JSON.stringify(key)}`);
    return join(dir, `${key}.json`);
  };
  return {
    async load(key) {
      const parsed = checkpointSchema.safeParse(await readJsonFile(pathFor(key)));
      return parsed.success ? parsed.data : undefined;
    },
    save: (key, checkpoint) => writeJsonFileAtomic(pathFor(key), checkpoint),
    clear: (key) => removeFile(pathFor(key)),
  };
}
