import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stage } from '../../flows/onboard/context.js';
import { parseAnswersText } from '../spec/load.js';
import { readConfigFile } from '../spec/read-file.js';
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

/** The fields of one saved answers file that the wizard's defaults come from; each present only when set. */
export interface SavedDefaults {
  domain?: string;
  region?: string;
  user?: string;
  identityFile?: string;
  configPath?: string;
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

function defaultsIn(answers: unknown): SavedDefaults {
  const file = (answers ?? {}) as {
    network?: { domain?: unknown; region?: unknown };
    host?: { user?: unknown; identity_file?: unknown; config_path?: unknown };
  };
  const found = {
    domain: text(file.network?.domain),
    region: text(file.network?.region),
    user: text(file.host?.user),
    identityFile: text(file.host?.identity_file),
    configPath: text(file.host?.config_path),
  };
  return Object.fromEntries(Object.entries(found).filter(([, value]) => value !== undefined));
}

/**
 * What this technician answered for their earlier clinics: the answers files the wizard saved, newest first. A file
 * that cannot be read or parsed is passed over; no saved answers is an empty list.
 */
export async function readSavedDefaults(dir: string = stateDir()): Promise<SavedDefaults[]> {
  const folder = join(dir, 'answers');
  const names = await readdir(folder).catch(() => [] as string[]);
  const files = await Promise.all(
    names
      .filter((name) => /\.ya?ml$/.test(name))
      .map(async (name) => {
        const path = join(folder, name);
        try {
          // Read as every answers file is (size, UTF-8, line ends): one that is not is passed over.
          const [info, read] = await Promise.all([stat(path), readConfigFile(path)]);
          if ('problem' in read) return undefined;
          return { modified: info.mtimeMs, defaults: defaultsIn(parseAnswersText(read.text, path)) };
        } catch {
          return undefined;
        }
      }),
  );
  return files
    .flatMap((file) => (file ? [file] : []))
    .sort((a, b) => b.modified - a.modified)
    .map((file) => file.defaults);
}
