import { describe, expect, it } from 'vitest';
import { noDefaults, type WizardDefaults } from '../../flows/questions/defaults.js';
import type { WizardQuestion } from '../../flows/questions/engine.js';
import type { ExistingClinic } from '../../flows/questions/existing.js';
import { askClinicSpec, type WizardOptions } from '../../flows/questions/onboarding.js';
import { guidePreset } from '../../flows/questions/presets.js';
import type { Asker } from '../../flows/step.js';

type Answer = string | number | boolean;

/** The answer, when the question's own validation takes it. */
function checked(question: WizardQuestion, value: Answer): Answer {
  const problem = question.kind === 'text' ? question.validate?.(String(value)) : undefined;
  if (problem) throw new Error(`${question.id}: ${problem}`);
  return value;
}

/**
 * An Asker that answers by question id (a list is used up in order; a missing id takes the default) and records
 * every question as it was asked.
 */
function answering(answers: Record<string, Answer | Answer[]>) {
  const asked: WizardQuestion[] = [];
  const asker: Asker = {
    async ask(question: WizardQuestion) {
      asked.push(question);
      const planned = answers[question.id];
      const value = Array.isArray(planned) ? planned.shift() : planned;
      if (value !== undefined) return checked(question, value);
      if (question.kind === 'select') return question.default ?? question.choices[0]!.value;
      if (question.kind === 'secret') throw new Error(`no answer for ${question.id}`);
      return checked(question, question.default ?? '');
    },
  };
  return { asker, asked };
}

/** Answers a technician types for a clinic the defaults know nothing about (who may reach each endpoint included). */
const typed = (): Record<string, Answer | Answer[]> => ({
  'clinic.name': 'North Clinic',
  'network.domain': 'north-care.org',
  'host.address': '192.0.2.10',
  'host.user': 'ops',
  'host.identity_file': '~/.ssh/id_ed25519',
  'service.public.allow_ips': ['198.51.100.0/24', '198.51.100.0/24', '198.51.100.0/24'],
});

const guideValues = [
  'clinic-network.com',
  '10.20.0.5',
  'technician',
  'example-token',
  'example.com',
  '203.0.113',
];

function defaultsOf(asked: WizardQuestion[]): string[] {
  return asked.flatMap((question) =>
    'default' in question && question.default !== undefined ? [`${question.id}=${question.default}`] : [],
  );
}

const reality = (defaults: Partial<WizardDefaults>): WizardOptions => ({
  defaults: async () => ({ ...noDefaults, ...defaults }),
});

describe('the wizard outside the demo', () => {
  it('offers none of the guide example values, even with an empty account and nothing saved', async () => {
    const { asker, asked } = answering(typed());
    const spec = await askClinicSpec(asker, await guidePreset(), reality({}));
    const offered = defaultsOf(asked).join('\n');
    for (const value of guideValues) expect(offered).not.toContain(value);
    // No example header or JWT: only what was typed (the allow list) guards the API.
    expect(spec.services[0]!.public).toEqual({
      url: 'https://api-clinic1.north-care.org',
      allow_ips: ['198.51.100.0/24'],
    });
    expect(spec.host).toMatchObject({ address: '192.0.2.10', user: 'ops', port: 22 });
  });

  it('takes the account domain and region, the next free id, the saved user and config path', async () => {
    const { asker, asked } = answering({
      'clinic.name': 'North Clinic',
      'host.address': '192.0.2.10',
      'service.public.allow_ips': typed()['service.public.allow_ips']!,
    });
    const spec = await askClinicSpec(
      asker,
      await guidePreset(),
      reality({
        clinicId: 'clinic8',
        domain: 'acme-care.net',
        region: 'eu',
        user: 'fieldtech',
        configPath: '/opt/ngrok/ngrok.yml',
        identityFile: '~/.ssh/clinics_ed25519',
      }),
    );
    expect(defaultsOf(asked)).toEqual(
      expect.arrayContaining([
        'clinic.id=clinic8',
        'network.domain=acme-care.net',
        'network.region=eu',
        'host.user=fieldtech',
        'host.identity_file=~/.ssh/clinics_ed25519',
        'host.config_path=/opt/ngrok/ngrok.yml',
      ]),
    );
    expect(spec).toMatchObject({
      clinic: { id: 'clinic8', name: 'North Clinic' },
      network: { domain: 'acme-care.net', region: 'eu' },
      host: {
        user: 'fieldtech',
        identity_file: '~/.ssh/clinics_ed25519',
        config_path: '/opt/ngrok/ngrok.yml',
      },
    });
    expect(spec.services[0]!.public!.url).toBe('https://api-clinic8.acme-care.net');
  });

  it("takes the port, user and key from ~/.ssh/config's block for the host typed", async () => {
    const { asker, asked } = answering({
      ...typed(),
      'host.address': 'north-clinic',
      'host.user': [],
      'host.identity_file': [],
    });
    const spec = await askClinicSpec(
      asker,
      await guidePreset(),
      reality({
        user: 'fieldtech',
        sshHost: (host) =>
          host === 'north-clinic' ? { user: 'admin', port: 2222, identityFile: '~/.ssh/north_ed25519' } : {},
      }),
    );
    expect(spec.host).toMatchObject({
      address: 'north-clinic',
      port: 2222,
      user: 'admin',
      identity_file: '~/.ssh/north_ed25519',
    });
    const key = asked.find((question) => question.id === 'host.identity_file')!;
    expect(key.message).toBe('SSH key for admin@north-clinic: a private key file, or agent (ssh-agent)');
  });

  it('offers the ssh-agent for the key when one runs and nothing names a file; agent leaves identity_file out', async () => {
    const { asker, asked } = answering({ ...typed(), 'host.identity_file': [] });
    const spec = await askClinicSpec(asker, await guidePreset(), reality({ agent: true }));
    expect(defaultsOf(asked)).toContain('host.identity_file=agent');
    expect(spec.host.identity_file).toBeUndefined();
  });

  it('with no agent and no key known, the key must be typed', async () => {
    const { asker, asked } = answering({ ...typed(), 'host.identity_file': '~/.ssh/id_ed25519' });
    const spec = await askClinicSpec(asker, await guidePreset(), reality({}));
    const key = asked.find((question) => question.id === 'host.identity_file')!;
    expect(key.kind === 'text' && [key.default, key.validate?.('')]).toEqual([
      '',
      'give a key file such as ~/.ssh/id_ed25519, or agent',
    ]);
    expect(spec.host.identity_file).toBe('~/.ssh/id_ed25519');
  });
});

describe('an existing clinic at the id question', () => {
  const clinic1: ExistingClinic = { status: 'online', endpoints: 3, host: '192.0.2.5' };
  const lookedUp: string[] = [];
  const options = (): WizardOptions => ({
    ...reality({ clinicId: 'clinic1' }),
    lookup: async (id) => {
      lookedUp.push(id);
      return id === 'clinic1' ? clinic1 : undefined;
    },
  });

  it('is announced with its health, endpoints and host; No goes back to the id question', async () => {
    lookedUp.length = 0;
    const { asker, asked } = answering({
      ...typed(),
      'clinic.id': ['clinic1', 'clinic2'],
      'clinic.reconfigure': false,
    });
    const spec = await askClinicSpec(asker, await guidePreset(), options());
    expect(asked.slice(0, 5).map((question) => question.id)).toEqual([
      'preset',
      'clinic.id',
      'clinic.reconfigure',
      'clinic.id',
      'clinic.name',
    ]);
    const reconfigure = asked[2]!;
    expect(reconfigure).toMatchObject({
      kind: 'confirm',
      message: 'Reconfigure clinic1?',
      default: false,
      notice: 'clinic1 already exists in this account: online · 3 endpoints · host 192.0.2.5',
    });
    // The count goes on past the question: it is one of the questions, not the last one.
    expect(reconfigure.position!.at).toBe(3);
    expect(reconfigure.position!.of).toBe(asked[1]!.position!.of + 1);
    expect(asked[3]).toMatchObject({ default: 'clinic1' });
    expect(spec.clinic.id).toBe('clinic2');
    expect(lookedUp).toEqual(['clinic1', 'clinic2']);
  });

  it('Yes reconfigures it; a new id asks nothing more', async () => {
    const yes = answering({ ...typed(), 'clinic.id': 'clinic1', 'clinic.reconfigure': true });
    expect((await askClinicSpec(yes.asker, await guidePreset(), options())).clinic.id).toBe('clinic1');
    expect(yes.asked.map((question) => question.id)).toContain('clinic.reconfigure');
    const fresh = answering({ ...typed(), 'clinic.id': 'clinic5' });
    await askClinicSpec(fresh.asker, await guidePreset(), options());
    expect(fresh.asked.map((question) => question.id)).not.toContain('clinic.reconfigure');
  });
});
