import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guidePreset } from '../../flows/questions/presets.js';
import { resumeCommandFor, saveAnswers } from '../../source/commands/saved-answers.js';
import { loadAnswersFile, validateSpec } from '../../source/spec/load.js';
import { freshStateDir } from '../helpers/cli.js';

describe('the answers the wizard saves', () => {
  it('are a 0600 answers file under answers/ that loads back to the same clinic, written again on a rerun', async () => {
    const result = validateSpec(await guidePreset());
    if (!('spec' in result)) throw new Error('the guide preset is invalid');
    const dir = freshStateDir();
    const path = await saveAnswers(result.spec, dir);
    expect(path).toBe(join(dir, 'answers', 'clinic1.yml'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'answers')).mode & 0o777).toBe(0o700);
    expect(await loadAnswersFile(path)).toEqual(result.spec);
    const renamed = { ...result.spec, clinic: { ...result.spec.clinic, name: 'Clinic One' } };
    await saveAnswers(renamed, dir);
    expect((await loadAnswersFile(path)).clinic.name).toBe('Clinic One');
  });

  it('are named by the resume hint, quoted for the shell when needed, with the stage unless it is all', () => {
    expect(resumeCommandFor('/home/tech/.config/clinic-tui/answers/clinic1.yml', 'all')).toBe(
      'clinic-tui onboard --answers /home/tech/.config/clinic-tui/answers/clinic1.yml',
    );
    expect(resumeCommandFor("/Users/o'neil/Clinic Data/answers/c1.yml", 'cloud')).toBe(
      "clinic-tui onboard --answers '/Users/o'\\''neil/Clinic Data/answers/c1.yml' --stage cloud",
    );
  });
});
