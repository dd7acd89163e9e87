import { UserError } from '../../source/errors.js';
import { regions } from '../../source/spec/field-values.js';
import { validateSpec } from '../../source/spec/load.js';
import type { ClinicSpec } from '../../source/spec/schema.js';
import type { Asker } from '../step.js';
import { accessQuestions } from './access.js';
import { type WizardNode, WizardSession } from './engine.js';
import { field, textField } from './fields.js';
import { blankPreset, retarget, type SpecDraft } from './presets.js';
import { servicesMenu } from './services.js';

type Node = WizardNode<SpecDraft>;
const fixed =
  (...path: string[]) =>
  () =>
    path;

/**
 * The onboarding questions, in the order a technician thinks about a clinic: which preset, the clinic, its
 * domain, the host to push to, the services, then who may reach each public one. `prefill` gives every default (the guide's clinic, or the
 * demo's sandbox clinic); changing the clinic id or domain moves the preset's URLs along with it.
 */
export function onboardingWizard(prefill: SpecDraft): Node {
  const services = servicesMenu((draft) => accessQuestions(draft, 0, () => null));
  const configPath = textField({
    id: 'host.config_path',
    message: 'Where ngrok.yml goes on the host',
    path: fixed('host', 'config_path'),
    get: (d) => d.host.config_path ?? '/etc/ngrok/ngrok.yml',
    set: (d, v) => ({ ...d, host: { ...d.host, config_path: v } }),
    next: () => services,
  });
  const user = textField({
    id: 'host.user',
    message: 'SSH user on the clinic host',
    path: fixed('host', 'user'),
    get: (d) => d.host.user,
    set: (d, v) => ({ ...d, host: { ...d.host, user: v } }),
    next: () => configPath,
  });
  const port = field({
    question: (d) => ({
      kind: 'number',
      id: 'host.port',
      message: 'SSH port',
      default: d.host.port ?? 22,
      min: 1,
      max: 65535,
    }),
    set: (d, v) => ({ ...d, host: { ...d.host, port: Number(v) } }),
    next: () => user,
  });
  const address = textField({
    id: 'host.address',
    message: 'Clinic host (name or IP address reachable over SSH)',
    path: fixed('host', 'address'),
    get: (d) => d.host.address,
    set: (d, v) => ({ ...d, host: { ...d.host, address: v } }),
    next: () => port,
  });
  const region = field({
    question: (d) => ({
      kind: 'select',
      id: 'network.region',
      message: 'ngrok region for reserved TCP addresses',
      default: d.network.region ?? 'us',
      choices: regions.map((r) => ({ value: r, label: r })),
    }),
    set: (d, v) => ({ ...d, network: { ...d.network, region: v as SpecDraft['network']['region'] } }),
    next: () => address,
  });
  const domain = textField({
    id: 'network.domain',
    message: 'Wildcard domain for public URLs (reserved in ngrok as *.DOMAIN)',
    path: fixed('network', 'domain'),
    get: (d) => d.network.domain,
    set: (d, v) => retarget(d, { id: d.clinic.id, domain: v }),
    next: () => region,
  });
  const name = textField({
    id: 'clinic.name',
    message: 'Clinic name, for people',
    path: fixed('clinic', 'name'),
    get: (d) => d.clinic.name,
    set: (d, v) => ({ ...d, clinic: { ...d.clinic, name: v } }),
    next: () => domain,
  });
  const id = textField({
    id: 'clinic.id',
    message: 'Clinic id (lowercase, such as clinic1)',
    path: fixed('clinic', 'id'),
    get: (d) => d.clinic.id,
    set: (d, v) => retarget(d, { id: v, domain: d.network.domain }),
    next: () => name,
  });
  return field({
    question: () => ({
      kind: 'select',
      id: 'preset',
      message: 'Start from',
      default: 'guide',
      choices: [
        { value: 'guide', label: "The guide's clinic", hint: prefill.services.map((s) => s.name).join(', ') },
        { value: 'blank', label: 'One https service', hint: 'add more later' },
      ],
    }),
    set: (d, v) =>
      v === 'blank' ? blankPreset(d) : retarget(prefill, { id: d.clinic.id, domain: d.network.domain }),
    next: () => id,
  });
}

/** The onboarding questions as a session: the review after them can step back into the last one. */
export interface ClinicSpecWizard {
  /** Asks from where the session stands and returns a valid ClinicSpec (the same checks as an answers file). */
  next(): Promise<ClinicSpec>;
  /** Reopens the question answered last. */
  back(): void;
}

/** Starts the onboarding questions, every default taken from `prefill`. */
export function clinicSpecWizard(asker: Asker, prefill: SpecDraft): ClinicSpecWizard {
  const session = new WizardSession(asker, prefill, onboardingWizard(prefill));
  return { next: async () => toSpec(await session.run()), back: () => session.back() };
}

/** Asks the onboarding questions and returns a valid ClinicSpec (the same checks as an answers file). */
export function askClinicSpec(asker: Asker, prefill: SpecDraft): Promise<ClinicSpec> {
  return clinicSpecWizard(asker, prefill).next();
}

function toSpec(draft: SpecDraft): ClinicSpec {
  const result = validateSpec(draft);
  if ('spec' in result) return result.spec;
  const lines = result.issues.map((issue) => `  ${issue.path}: ${issue.message}`);
  throw new UserError(
    `The answers do not make a valid clinic:\n${lines.join('\n')}`,
    'Run the wizard again, or write an answers file and pass --answers FILE.',
  );
}
