import { readFile } from 'node:fs/promises';
import { parseAnswersText } from '../../source/spec/load.js';

/** Reads the guide's answers file (YAML) at `path`; a module of its own so the YAML parser loads only here. */
export async function readGuidePreset(path: string): Promise<unknown> {
  return parseAnswersText(await readFile(path, 'utf8'), path);
}
