import type { ClinicSpec } from '../../source/spec/schema.js';
import type { Asker } from '../step.js';

/** The clinic to onboard: from the answers file when given, else asked (the wizard, prefilled with the guide's clinic). */
export async function loadSpec(answersPath: string | undefined, asker: Asker): Promise<ClinicSpec> {
  if (answersPath) {
    const { loadAnswersFile } = await import('../../source/spec/load.js');
    return loadAnswersFile(answersPath);
  }
  const [{ askClinicSpec }, { guidePreset }] = await Promise.all([
    import('../questions/onboarding.js'),
    import('../questions/presets.js'),
  ]);
  return askClinicSpec(asker, await guidePreset());
}
