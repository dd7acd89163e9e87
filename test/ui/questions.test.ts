import { describe, expect, it } from 'vitest';
import type { WizardQuestion } from '../../flows/questions/engine.js';
import { askClinicSpec } from '../../flows/questions/onboarding.js';
import { guidePreset } from '../../flows/questions/presets.js';
import type { Asker, Question } from '../../flows/step.js';
import { AbortedError, GoBack } from '../../source/errors.js';

type Reply = string | number | boolean | 'DEFAULT' | 'BACK';

/** An Asker that replies from a script and records what was asked and which validation messages it got. */
function scriptedAsker(replies: Reply[]) {
  const asked: string[] = [];
  const rejected: string[] = [];
  const positions: string[] = [];
  const asker: Asker = {
    async ask(question: WizardQuestion) {
      asked.push(question.id);
      positions.push(question.position ? `${question.position.at} of ${question.position.of}` : '?');
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
  return { asker, asked, rejected, positions };
}

function defaultOf(question: Question): string | number | boolean {
  if (question.kind === 'secret') return '';
  if (question.kind === 'select') return question.default ?? question.choices[0]!.value;
  return question.default ?? '';
}

const D = 'DEFAULT';

describe('onboarding questions', () => {
  it('accepting every default gives the guide clinic with its three services, each protected', async () => {
    const { asker, asked, positions } = scriptedAsker(Array(15).fill(D));
    const spec = await askClinicSpec(asker, await guidePreset());
    expect(positions[0]).toBe('1 of 15');
    expect(positions.at(-1)).toBe('15 of 15');
    expect(spec.services[0]!.public).toMatchObject({
      require_header: 'example-token',
      jwt: { issuer: 'https://example.com/issuer' },
    });
    expect(spec.services[1]!.public).toEqual({ url: 'reserve', allow_ips: ['203.0.113.0/24'] });
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
      'service.public.require_header',
      'service.public.jwt',
      'service.public.allow_ips',
      'service.public.allow_ips',
      'service.public.allow_ips',
    ]);
  });

  it('rejects a bad clinic id with the schema message and moves the preset URLs to the new id', async () => {
    const { asker, rejected } = scriptedAsker([D, 'Clinic 7!', 'clinic7', ...Array(13).fill(D)]);
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
      ...Array(4).fill(D), // rest-api's header, JWT and allow list; operations-db's allow list
      '', // pacs: an allow list is needed …
      'anyone', // … or the typed word
    ]);
    const spec = await askClinicSpec(asker, await guidePreset());
    expect(rejected).toEqual([
      'service.name: "rest-api" is used by two services; names must be unique',
      'service.public.allow_ips: list the addresses allowed in, such as 203.0.113.42/32, or type anyone',
    ]);
    expect(spec.services.map((s) => s.name)).toEqual(['rest-api', 'operations-db', 'pacs']);
    expect(spec.services[2]).toMatchObject({
      internal_url: 'tcp://pacs.clinic1.internal:4242',
      upstream: '10.0.0.9:4242',
      public: { url: 'reserve', allow_anyone: true },
    });
  });

  it('Esc goes back one question with the earlier answer kept, and Esc on the first question aborts', async () => {
    const back = scriptedAsker([D, 'clinic9', 'BACK', D, 'Nine', ...Array(13).fill(D)]);
    const spec = await askClinicSpec(back.asker, await guidePreset());
    expect(back.asked.slice(0, 4)).toEqual(['preset', 'clinic.id', 'clinic.name', 'clinic.id']);
    expect(spec.clinic).toEqual({ id: 'clinic9', name: 'Nine' });

    const abort = scriptedAsker(['BACK']);
    await expect(askClinicSpec(abort.asker, await guidePreset())).rejects.toBeInstanceOf(AbortedError);
  });

  it('the blank preset starts from one https service on the chosen domain; with no check at all, open to anyone is typed', async () => {
    const { asker, rejected } = scriptedAsker([
      'blank',
      'east',
      D,
      'example.org',
      ...Array(9).fill(D),
      'anyone',
    ]);
    const spec = await askClinicSpec(asker, await guidePreset());
    // No header and no JWT: an empty allow list would open the endpoint silently, so it is refused.
    expect(rejected).toEqual([
      'service.public.allow_ips: list the addresses allowed in, such as 203.0.113.42/32, or type anyone',
    ]);
    expect(spec.services).toEqual([
      expect.objectContaining({
        name: 'web',
        public: { url: 'https://web-east.example.org', allow_anyone: true },
      }),
    ]);
  });

  it('asks an https service for a header, a JWT and an allow list, and checks each CIDR', async () => {
    const { asker, rejected } = scriptedAsker([
      'blank',
      ...Array(9).fill(D),
      'x-clinic-token',
      'set',
      'https://login.example.org',
      'urn:clinic',
      D, // JWKS URL: the issuer's well-known keys
      '203.0.113.500',
      '203.0.113.42/32, 2001:db8::/32',
    ]);
    const spec = await askClinicSpec(asker, await guidePreset());
    expect(rejected).toEqual([
      'service.public.allow_ips: 203.0.113.500 is not an IPv4 or IPv6 CIDR such as 203.0.113.42/32',
    ]);
    expect(spec.services[0]!.public).toEqual({
      url: 'https://web-clinic1.clinic-network.com',
      require_header: 'x-clinic-token',
      jwt: {
        issuer: 'https://login.example.org',
        audience: 'urn:clinic',
        jwks_url: 'https://login.example.org/.well-known/jwks.json',
        algorithms: ['RS256'],
      },
      allow_ips: ['203.0.113.42/32', '2001:db8::/32'],
    });
  });

  it('an allow list is checked as an answers file is: a CIDR with host bits set is refused at the question', async () => {
    const { asker, rejected } = scriptedAsker([
      ...Array(10).fill(D),
      '',
      'none',
      '203.0.113.9/24',
      '203.0.113.0/24',
      'anyone',
      '198.51.100.7',
    ]);
    const spec = await askClinicSpec(asker, await guidePreset());
    expect(rejected).toEqual([
      'service.public.allow_ips: has host bits set: 203.0.113.9/24 means all of 203.0.113.0/24; did you mean 203.0.113.0/24 or 203.0.113.9/32?',
    ]);
    expect(spec.services[0]!.public).toEqual({
      url: 'https://api-clinic1.clinic-network.com',
      allow_ips: ['203.0.113.0/24'],
    });
  });

  it('a database allow list is never prefilled with anyone, and No JWT drops the preset one', async () => {
    const { asker } = scriptedAsker([
      ...Array(10).fill(D),
      '',
      'none',
      D,
      'anyone',
      'anyone',
      '198.51.100.7',
    ]);
    const spec = await askClinicSpec(asker, await guidePreset());
    // The API left with no header and no JWT refuses an empty allow list too: open to anyone is typed.
    expect(spec.services[0]!.public).toEqual({
      url: 'https://api-clinic1.clinic-network.com',
      allow_anyone: true,
    });
    expect(spec.services[1]!.public).toEqual({ url: 'reserve', allow_anyone: true });
    expect(spec.services[2]!.public).toEqual({ url: 'reserve', allow_ips: ['198.51.100.7'] });
  });
});

describe('the public URL question', () => {
  it('speaks of the protocol of the service being added: https on the network domain, reserve only for tcp', async () => {
    const menus = ['add', 'add', 'continue'];
    const added = [
      { name: 'files', protocol: 'https', upstream: '8443' },
      { name: 'pacs', protocol: 'tcp', upstream: '10.0.0.9:4242' },
    ];
    const messages: string[] = [];
    let adding = -1;
    const asker: Asker = {
      async ask(question) {
        if (question.id === 'services.menu') return menus.shift()!;
        if (question.id === 'service.name') return added[++adding]!.name;
        if (question.id === 'service.protocol') return added[adding]!.protocol;
        if (question.id === 'service.upstream') return added[adding]!.upstream;
        if (question.id === 'service.public.url') messages.push(question.message);
        // An allow list the wizard leaves empty: the documentation range keeps every endpoint closed.
        if (question.id === 'service.public.allow_ips' && !defaultOf(question)) return '203.0.113.0/24';
        return defaultOf(question);
      },
    };
    await askClinicSpec(asker, await guidePreset());
    expect(messages).toEqual([
      'Public URL, https:// on the network domain',
      'Public URL (`reserve` asks ngrok for a TCP address)',
    ]);
  });
});
