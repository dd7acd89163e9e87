import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { ClinicSpec } from './schema.js';

/**
 * Writes a clinic as an answers file that loadAnswersFile reads back to the same spec. Mode 0600 in a 0700 folder:
 * the file names the clinic host and its login. Written whole or not at all (a temp file, renamed).
 */
export async function saveAnswersFile(spec: ClinicSpec, path: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = join(dirname(path), `.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  const text = `# Answers for ${spec.clinic.id}, saved by the clinic-tui onboard wizard.\n${stringify(spec)}`;
  try {
    await writeFile(temp, text, { mode: 0o600 });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
