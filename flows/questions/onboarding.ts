import { UserError } from '../../source/errors.js';
import { regions } from '../../source/spec/field-values.js';
import type { ClinicSpec } from '../../source/spec/schema.js';
import type { Asker } from '../step.js';
import { accessQuestions } from './access.js';
import { fromReality, noDefaults, type WizardDefaults } from './defaults.js';
import { type Answer, type WizardNode, WizardSession } from './engine.js';
import { type ClinicLookup, ExistingClinics, reconfigureQuestion } from './existing.js';
import { field, textField } from './fields.js';
import { hostQuestions } from './host.js';
import { blankPreset, retarget, type SpecDraft } from './presets.js';
import { servicesMenu } from './services.js';
import { loadSpecChecks } from './spec-checks.js';

type Node = WizardNode<SpecDraft>;
const fixed =
  (...path: string[]) =>
  () =>
    path;

/** What the wizard learns from outside it; the demo passes none and keeps its sandbox prefill. */
export interface WizardOptions {
  /**
   * Reads the defaults from reality (the account, the technician's earlier clinics, ~/.ssh/config). Given, the
   * guide's example values are never offered and the SSH key is asked; it is read once the first question is
   * answered, so leaving at the first question touches nothing.
   */
  defaults?: () => Promise<WizardDefaults>;
  /** Finds a clinic with the id typed in the account, so an existing one is announced and never taken over silently. */
  lookup?: ClinicLookup;
}

/**
 * The onboarding questions, in the order a technician thinks about a clinic: which preset, the clinic, its
 * domain, the host to push to, the services, then who may reach each public one. `prefill` gives the preset (the
 * guide's clinic, or the demo's sandbox clinic) and, in the demo, every default; changing the clinic id or domain
 * moves the preset's URLs along with it.
 */
export function onboardingWizard(prefill: SpecDraft, options: WizardOptions = {}): Node {
  let loaded: WizardDefaults | undefined;
  const real = options.defaults !== undefined;
  const base = () => (real ? fromReality(prefill, loaded ?? noDefaults) : prefill);
  const existing = options.lookup ? new ExistingClinics(options.lookup) : undefined;
  const services = servicesMenu((draft) => accessQuestions(draft, 0, () => null));
  const host = hostQuestions({
    defaults: () => (real ? (loaded ?? noDefaults) : undefined),
    next: () => services,
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
    next: () => host,
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
  const reconfigure = existing && reconfigureQuestion(existing, () => name);
  const id: Node = {
    ...textField({
      id: 'clinic.id',
      message: 'Clinic id (lowercase, such as clinic1)',
      path: fixed('clinic', 'id'),
      get: (d) => d.clinic.id,
      set: (d, v) => retarget(d, { id: v, domain: d.network.domain }),
      next: (d) => (reconfigure && existing?.found(d.clinic.id) ? reconfigure : name),
    }),
    ...(existing ? { settle: (_draft: SpecDraft, value: Answer) => existing.settle(String(value)) } : {}),
  };
  const preset = field({
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
    set: (_draft, v) => (v === 'blank' ? blankPreset(base()) : base()),
    next: () => id,
  });
  const read = options.defaults;
  if (!read) return preset;
  return {
    ...preset,
    settle: async () => {
      loaded ??= await read();
    },
  };
}

/** The onboarding questions as a session: the review after them can step back into the last one. */
export interface ClinicSpecWizard {
  /** Asks from where the session stands and returns a valid ClinicSpec (the same checks as an answers file). */
  next(): Promise<ClinicSpec>;
  /** Reopens the question answered last. */
  back(): void;
}

/** Starts the onboarding questions: the defaults from `prefill` in the demo, else from `options.defaults`. */
export function clinicSpecWizard(
  asker: Asker,
  prefill: SpecDraft,
  options: WizardOptions = {},
): ClinicSpecWizard {
  const first = options.defaults ? fromReality(prefill, noDefaults) : prefill;
  const session = new WizardSession(asker, first, onboardingWizard(prefill, options));
  return { next: async () => toSpec(await session.run()), back: () => session.back() };
}

/** Asks the onboarding questions and returns a valid ClinicSpec (the same checks as an answers file). */
export function askClinicSpec(
  asker: Asker,
  prefill: SpecDraft,
  options: WizardOptions = {},
): Promise<ClinicSpec> {
  return clinicSpecWizard(asker, prefill, options).next();
}

async function toSpec(draft: SpecDraft): Promise<ClinicSpec> {
  const result = (await loadSpecChecks()).validateSpec(draft);
  if ('spec' in result) return result.spec;
  const lines = result.issues.map((issue) => `  ${issue.path}: ${issue.message}`);
  throw new UserError(
    `The answers do not make a valid clinic:\n${lines.join('\n')}`,
    'Run the wizard again, or write an answers file and pass --answers FILE.',
  );
}
