import { join } from 'node:path';
import type { Stage } from '../../flows/onboard/context.js';
import type { ClinicSpec } from '../spec/schema.js';
import { stateDir } from '../store/paths.js';

/** Where the wizard's answers for a clinic are kept: answers/<clinic>.yml in the state directory. */
export function savedAnswersPath(clinic: string, dir: string = stateDir()): string {
  return join(dir, 'answers', `${clinic}.yml`);
}

/**
 * Saves the wizard's answers before anything is applied, so an interrupted or failed run is resumed with
 * `--answers` instead of by answering again. Returns the path.
 */
export async function saveAnswers(spec: ClinicSpec, dir?: string): Promise<string> {
  const path = savedAnswersPath(spec.clinic.id, dir);
  await (await import('../spec/save.js')).saveAnswersFile(spec, path);
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
