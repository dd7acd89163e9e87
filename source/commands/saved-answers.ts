import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import type { Stage } from '../../flows/onboard/context.js';
import type { ClinicSpec } from '../spec/schema.js';
import { stateDir } from '../store/paths.js';

/** Where the wizard's answers for a clinic are kept: answers/<clinic>.yml in the state directory. */
export function savedAnswersPath(clinic: string, dir: string = stateDir()): string {
  return join(dir, 'answers', `${clinic}.yml`);
}

/**
 * Writes the wizard's answers as an answers file before anything is applied, so an interrupted or failed run is
 * resumed with `--answers` instead of by answering again. Mode 0600 in a 0700 folder: the file names the clinic
 * host and its login. Written whole or not at all (a temp file renamed). Returns the path.
 */
export async function saveAnswers(spec: ClinicSpec, dir?: string): Promise<string> {
  const path = savedAnswersPath(spec.clinic.id, dir);
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
  return path;
}

/** Quotes a path for a shell command line only when it needs it. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/** The command that picks an onboarding up again: the same answers file and stage. */
export function resumeCommandFor(answersPath: string, stage: Stage): string {
  return `clinic-tui onboard --answers ${shellWord(answersPath)}${stage === 'all' ? '' : ` --stage ${stage}`}`;
}
