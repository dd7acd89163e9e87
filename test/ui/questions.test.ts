import { describe, expect, it } from 'vitest';
import { askClinicSpec } from '../../flows/questions/onboarding.js';
import { guidePreset } from '../../flows/questions/presets.js';
import type { Asker, Question } from '../../flows/step.js';
import { AbortedError, GoBack } from '../../source/errors.js';

type Reply = string | number | boolean | 'DEFAULT' | 'BACK';

/** An Asker that replies from a script and records what was asked and which validation messages it got. */
function scriptedAsker(replies: Reply[]) {
  const asked: string[] = [];
  const rejected: string[] = [];
  const asker: Asker = {
    async ask(question: Question) {
      asked.push(question.id);
      for (;;) {
        const reply = replies.shift();
        if (reply === undefined) throw new Error(`no scripted reply for ${question.id}`);
        if (reply === 'BACK') throw new GoBack();
        const value = reply === 'DEFAULT' ? defaultOf(question) : reply;
        const problem = question.kind === 'text' ? question.validate?.(String(value)) : undefined;
        if (!problem) return value;
        rejected.push(`${question.id}: ${problem}`);
      }
    },
  };
  return { asker, asked, rejected };
}

function defaultOf(question: Question): string | number | boolean {
  if (question.kind === 'secret') return '';
  if (question.kind === 'select') return question.default ?? question.choices[0]!.value;
  return question.default ?? '';
}

const D = 'DEFAULT';

describe('onboarding questions', () => {
  it('accepting every default gives the guide clinic with its three services', async () => {
    const { asker, asked } = scriptedAsker(Array(12).fill(D));
    const spec = await askClinicSpec(asker, await guidePreset());
    expect(spec.clinic.id).toBe('clinic1');
    expect(spec.services.map((s) => s.name)).toEqual(['rest-api', 'patient-db', 'operations-db']);
    expect(asked).toEqual([
      'preset',
      'clinic.id',
      'clinic.name',
      'network.domain',
      'network.region',
      'host.address',
      'host.port',
      'host.user',
      'host.config_path',
      'services.menu',
    ]);
  });

  it('rejects a bad clinic id with the schema message and moves the preset URLs to the new id', async () => {
    const { asker, rejected } = scriptedAsker([D, 'Clinic 7!', 'clinic7', ...Array(8).fill(D)]);
    const spec = await askClinicSpec(asker, await guidePreset());
    expect(rejected).toEqual([
      'clinic.id: must be a DNS label: lowercase letters, digits and inner dashes, such as clinic1',
    ]);
    expect(spec.services[0]!.internal_url).toBe('https://rest-api.clinic7.internal');
    expect(spec.services[0]!.public!.url).toBe('https://api-clinic7.clinic-network.com');
  });

  it('adds a tcp service, removes one, and validates the new service name', async () => {
    const { asker, rejected } = scriptedAsker([
      ...Array(9).fill(D),
      'add',
      'rest-api', // duplicate name → rejected
      'pacs',
      'tcp',
      '10.0.0.9:4242',
      true,
      D, // public URL: reserve
      'remove',
      'patient-db',
      'continue',
    ]);
    const spec = await askClinicSpec(asker, await guidePreset());
    expect(rejected).toEqual(['service.name: "rest-api" is used by two services; names must be unique']);
    expect(spec.services.map((s) => s.name)).toEqual(['rest-api', 'operations-db', 'pacs']);
    expect(spec.services[2]).toMatchObject({
      internal_url: 'tcp://pacs.clinic1.internal:4242',
      upstream: '10.0.0.9:4242',
      public: { url: 'reserve' },
    });
  });

  it('Esc goes back one question with the earlier answer kept, and Esc on the first question aborts', async () => {
    const back = scriptedAsker([D, 'clinic9', 'BACK', D, 'Nine', ...Array(8).fill(D)]);
    const spec = await askClinicSpec(back.asker, await guidePreset());
    expect(back.asked.slice(0, 4)).toEqual(['preset', 'clinic.id', 'clinic.name', 'clinic.id']);
    expect(spec.clinic).toEqual({ id: 'clinic9', name: 'Nine' });

    const abort = scriptedAsker(['BACK']);
    await expect(askClinicSpec(abort.asker, await guidePreset())).rejects.toBeInstanceOf(AbortedError);
  });

  it('the blank preset starts from one https service on the chosen domain', async () => {
    const { asker } = scriptedAsker(['blank', 'east', D, 'example.org', ...Array(6).fill(D)]);
    const spec = await askClinicSpec(asker, await guidePreset());
    expect(spec.services).toEqual([
      expect.objectContaining({ name: 'web', public: { url: 'https://web-east.example.org' } }),
    ]);
  });
});
